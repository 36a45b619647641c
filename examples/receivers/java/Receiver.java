// A minimal NF-e Webhooks receiver in Java (JDK only): verifies the Standard Webhooks signature as
// the spec says, ignores a webhook-id it has already processed, answers 2xx.
//   WEBHOOK_SECRET=whsec_... PORT=8080 java Receiver.java
// (With Maven and internet access, com.standardwebhooks:standardwebhooks gives the same check.)
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Receiver {
    static final Set<String> seen = ConcurrentHashMap.newKeySet(); // use your database in production

    static boolean verify(byte[] secret, String id, String timestamp, String signatures, byte[] body) throws Exception {
        if (id == null || timestamp == null || signatures == null) return false;
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) return false;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
        for (String signature : signatures.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) return true;
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        byte[] secret = Base64.getDecoder().decode(System.getenv("WEBHOOK_SECRET").replaceFirst("^whsec_", ""));
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst("webhook-id");
            int status = 204;
            try {
                if (!verify(secret, id, headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body)) {
                    System.out.println("rejected no valid signature");
                    status = 400;
                } else if (!seen.add(id)) {
                    System.out.println("duplicate " + id);
                } else {
                    // a JSON library parses the event; the type is enough here
                    String json = new String(body, StandardCharsets.UTF_8);
                    String type = json.replaceFirst("(?s)^\\{\"type\":\"([^\"]*)\".*$", "$1");
                    System.out.println("accepted " + id + " " + type); // process the event here
                }
            } catch (Exception e) {
                System.out.println("rejected " + e.getMessage());
                status = 400;
            }
            System.out.flush();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening");
        System.out.flush();
    }
}
