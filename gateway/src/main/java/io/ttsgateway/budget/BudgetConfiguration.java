package io.ttsgateway.budget;

import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BudgetConfiguration {

    @Bean
    BudgetWindows budgetWindows(LimitKeys keys) {
        return new BudgetWindows(keys);
    }

    @Bean
    CharacterBudgets characterBudgets(LimitStores stores, BudgetWindows windows, Clock clock) {
        return new CharacterBudgets(stores, windows, clock);
    }

    @Bean
    ElevenLabsCap elevenLabsCap(
            LimitStores stores, BudgetWindows windows, ElevenLabsProperties elevenLabs, Clock clock) {
        return new ElevenLabsCap(stores, windows, elevenLabs.monthlyCharCap(), clock);
    }
}
