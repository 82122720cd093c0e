package dev.wsjwt.example.app;

import dev.wsjwt.MessageEndpoint;
import dev.wsjwt.WebSocketConnection;
import dev.wsjwt.WebSocketSessions;
import dev.wsjwt.cluster.ClusterUnavailableException;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.MessageException;
import dev.wsjwt.dispatch.RequiresPermission;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A CDI message service: wsjwt publishes it at {@code /ws/orders} and checks every message
 * against the handler's declaration. Permissions come from the token ({@code permissions},
 * {@code scope} or {@code groups} claim by default).
 */
@ApplicationScoped
@MessageEndpoint("/ws/orders")
public class OrderService {

    static final String READ = "orders:read";
    static final String WRITE = "orders:write";
    static final String ADMIN = "orders:admin";
    private static final String WATCHERS = "orders.watchers";

    /** {@code orders.place}'s payload, decoded with JSON-B. */
    public record Order(String item, int quantity) {
    }

    /** {@code orders.place}'s result and the {@code orders.placed} push. */
    public record Placed(long id, String by, String item, int quantity) {
    }

    public record Orders(List<Placed> orders) {
    }

    public record Stock(Map<String, Integer> stock) {
    }

    /** {@code orders.block}'s payload and result. */
    public record Subject(String sub) {
    }

    public record Blocked(int closed) {
    }

    @Inject
    Inventory inventory;

    @Inject
    WebSocketSessions sessions;

    private final List<Placed> orders = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Handles("orders.list")
    @RolesAllowed({READ, ADMIN}) // any one of them
    public Orders list() {
        return new Orders(List.copyOf(orders));
    }

    @Handles("orders.place")
    @RequiresPermission(WRITE)
    public Placed place(JsonWebToken caller, Order order) {
        String item = MessageException.requireText(order.item(), "item", 64);
        if (!inventory.take(item, order.quantity())) {
            throw MessageException.badRequest("not in stock: " + order.quantity() + " x " + item);
        }
        Placed placed = new Placed(ids.incrementAndGet(), caller.getSubject(), item, order.quantity());
        orders.add(placed);
        // READ is checked per watcher when the push is sent, not only when it started watching.
        sessions.pushToGroup(WATCHERS, "orders.placed", placed, READ);
        return placed;
    }

    @Handles("orders.watch")
    @RolesAllowed(READ)
    public void watch(WebSocketConnection connection) {
        sessions.join(WATCHERS, connection); // a closed connection leaves by itself
    }

    @Handles("orders.stock")
    @PermitAll // every authenticated session
    public Stock stock() {
        return new Stock(inventory.snapshot());
    }

    /**
     * Ends every session of a subject, whichever endpoint it is on (also {@link EchoEndpoint}), and
     * refuses the tokens it holds now.
     */
    @Handles("orders.block")
    @RequiresPermission(ADMIN)
    public Blocked block(Subject subject) throws ClusterUnavailableException {
        return new Blocked(sessions.revoke(MessageException.requireText(subject.sub(), "sub", 256)));
    }

    @Handles("orders.purge")
    @DenyAll // nobody, whatever the token says
    public void purge() {
        orders.clear();
    }
}
