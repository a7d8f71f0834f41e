package io.ttsgateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The intended layering of the gateway's feature packages (STYLE.md, "Arrows point one way"): the edge ({@code web})
 * in front of the surfaces ({@code api}, {@code compat}), which call {@code routing}, which calls {@code provider};
 * {@code auth}, {@code limits} and {@code budget} beside routing; {@code observability} watching from the side;
 * {@code config} at the bottom; the root package {@code io.ttsgateway} wires it all. Only main classes are imported.
 */
@AnalyzeClasses(packages = "io.ttsgateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.ttsgateway.(*)..")
            .should()
            .beFreeOfCycles()
            .because("two feature packages that depend on each other can be neither changed, tested nor understood"
                    + " alone; arrows point one way");

    @ArchTest
    static final ArchRule providersKnowNothingAboveThem = dependsOnNone(
                    "provider",
                    "routing",
                    "api",
                    "compat",
                    "web",
                    "auth",
                    "limits",
                    "budget",
                    "observability",
                    "cache",
                    "timing")
            .because("providers are the bottom of the request path: routing chooses among them and the surfaces"
                    + " render their sealed failures, so a provider that reaches back up makes the path circular");

    @ArchTest
    static final ArchRule configIsTheBottom = classes()
            .that()
            .resideInAPackage("io.ttsgateway.config..")
            .should()
            .onlyDependOnClassesThat(
                    resideInAPackage("io.ttsgateway.config..").or(resideOutsideOfPackage("io.ttsgateway..")))
            .because("config holds only shared infrastructure (clients, registries, clock, setting checks) that"
                    + " every feature builds on; it is the bottom layer and knows no feature");

    @ArchTest
    static final ArchRule routingIsUnderTheSurfacesAndBesideAdmission = dependsOnNone(
                    "routing", "auth", "api", "compat", "web", "limits", "budget", "observability")
            .because("routing is the provider chain and its fallback decisions, pure code: the surfaces call it and"
                    + " admission (auth, limits, budget) runs before it, so it is handed what it needs");

    @ArchTest
    static final ArchRule authIsUnderTheSurfaces = dependsOnNone(
                    "auth", "api", "compat", "web", "routing", "limits", "budget", "observability")
            .because("auth identifies callers for the edge and the surfaces; it throws its own exception, which api"
                    + " maps, rather than rendering answers itself");

    @ArchTest
    static final ArchRule limitsAreUnderTheSurfaces = dependsOnNone("limits", "api", "compat", "web", "observability")
            .because("limits decide admission beside routing and throw LimitExceeded; the surfaces render it and"
                    + " observability records it, calling limits, not the reverse");

    @ArchTest
    static final ArchRule budgetsAreUnderTheSurfaces = dependsOnNone("budget", "api", "compat", "web", "observability")
            .because("budgets charge and refund beside routing; the surfaces render an exhausted budget and"
                    + " observability reads budgets, calling budget, not the reverse");

    @ArchTest
    static final ArchRule cacheIsUnderTheSurfaces = dependsOnNone(
                    "cache", "api", "compat", "web", "routing", "auth", "budget", "observability")
            .because("the cache keeps and shares audio for the surfaces, knowing nothing of how it is made or who"
                    + " asks: they hand it keys, bytes and how the audio was made");

    @ArchTest
    static final ArchRule timingIsUnderTheSurfaces = dependsOnNone(
                    "timing", "api", "compat", "web", "routing", "auth", "limits", "budget", "observability", "cache")
            .because("timing reads providers' alignments and turns words into visemes, pure code the surfaces call");

    @ArchTest
    static final ArchRule onlyTheWiringKnowsTheEdge = noClasses()
            .that()
            .resideOutsideOfPackage("io.ttsgateway.web..")
            .and()
            .resideOutsideOfPackage("io.ttsgateway")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.ttsgateway.web..")
            .because("web is the edge (filter order, exchange attributes, how requests arrive); only the wiring in"
                    + " the root package assembles it, so no feature depends on it");

    @ArchTest
    static final ArchRule observabilityOnlyObserves = dependsOnNone("observability", "api", "compat", "web")
            .because("observability observes and never renders answers: the edge and the surfaces call it");

    @ArchTest
    static final ArchRule apiKnowsNoAdapterNorEdge = dependsOnNone("api", "compat", "streaminput", "web")
            .because("api is the gateway's own surface: compat adapts vendor surfaces onto it and web is the edge in"
                    + " front of both, so api knows neither");

    @ArchTest
    static final ArchRule streamInputIsASurfaceBesideTheOthers = dependsOnNone(
                    "streaminput", "compat", "web", "provider")
            .because("the WebSocket surface speaks through api's pipeline like every other surface: it knows neither"
                    + " the HTTP adapters, nor the edge, nor any provider");

    @ArchTest
    static final ArchRule compatKnowsNoEdge = dependsOnNone("compat", "web")
            .because("compat adapts vendor surfaces onto api; the edge in front of it is web's business");

    /** Classes of one feature package depend on none of the given feature packages. */
    private static ArchRule dependsOnNone(String feature, String... forbidden) {
        return noClasses()
                .that()
                .resideInAPackage(featurePackage(feature))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(Arrays.stream(forbidden)
                        .map(ArchitectureTest::featurePackage)
                        .toArray(String[]::new));
    }

    private static String featurePackage(String name) {
        return "io.ttsgateway." + name + "..";
    }
}
