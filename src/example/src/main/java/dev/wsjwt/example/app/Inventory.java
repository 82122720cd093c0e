package dev.wsjwt.example.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/** An ordinary CDI bean of the application, injected into both endpoints. */
@ApplicationScoped
public class Inventory {

    private final Map<String, Integer> stock = new TreeMap<>(Map.of("apple", 100, "pear", 50));

    /** Takes {@code quantity} of {@code item} from stock; false when there is not enough. */
    public synchronized boolean take(String item, int quantity) {
        int left = stock.getOrDefault(item, 0);
        if (quantity < 1 || quantity > left) {
            return false;
        }
        stock.put(item, left - quantity);
        return true;
    }

    public synchronized Map<String, Integer> snapshot() {
        return new TreeMap<>(stock);
    }
}
