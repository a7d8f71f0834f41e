package io.ttsgateway.auth;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** The configured clients, looked up by key without revealing through timing which hash came close. */
public final class ClientRegistry {

    public static final String DEVELOPMENT_CLIENT_ID = "dev";

    private final List<Client> clients;
    private final String developmentKey;

    public ClientRegistry(List<Client> clients) {
        this(clients, null);
    }

    private ClientRegistry(List<Client> clients, String developmentKey) {
        this.clients = List.copyOf(clients);
        this.developmentKey = developmentKey;
    }

    /** No client configured: one development client with a fresh random key (API.md §3). */
    static ClientRegistry development() {
        String key = ApiKeys.generate();
        Client dev = new Client(DEVELOPMENT_CLIENT_ID, ApiKeys.sha256(key), ClientLimits.DEVELOPMENT);
        return new ClientRegistry(List.of(dev), key);
    }

    /** The development client's key, to be printed once at startup; empty when clients come from a file. */
    public Optional<String> developmentKey() {
        return Optional.ofNullable(developmentKey);
    }

    public List<Client> clients() {
        return clients;
    }

    public Optional<Client> byId(String id) {
        return clients.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * Compares the key's hash with every client's hash, always all of them, with a constant-time comparison, so the
     * time taken says nothing about which stored hash shares a prefix with it.
     */
    public Optional<Client> authenticate(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.sha256(key);
        Client found = null;
        for (Client client : clients) {
            if (MessageDigest.isEqual(hash, client.keySha256()) && found == null) {
                found = client;
            }
        }
        return Optional.ofNullable(found);
    }
}
