// Verifies webhook deliveries with the official Standard Webhooks library and Svix's verifier,
// as a receiver would (webhook/WebhooksIT). Input: a JSON file (argv[2]) of deliveries
// [{id, timestamp, signature, body}]; the secrets in WEBHOOK_SECRETS (comma-separated, never on
// the command line). Output: one JSON line per delivery and secret.
import { readFileSync } from "node:fs";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";

const deliveries = JSON.parse(readFileSync(process.argv[2], "utf8"));
const secrets = (process.env.WEBHOOK_SECRETS || "").split(",").filter((s) => s.length > 0);

function verifies(make, secret, delivery) {
  const headers = {
    "webhook-id": delivery.id,
    "webhook-timestamp": delivery.timestamp,
    "webhook-signature": delivery.signature,
  };
  try {
    // throws unless verified; standardwebhooks answers the parsed payload, svix 2 nothing
    const verified = make(secret).verify(delivery.body, headers);
    const payload = verified && typeof verified === "object" ? verified : JSON.parse(delivery.body);
    return payload.type;
  } catch (e) {
    return false;
  }
}

for (const delivery of deliveries) {
  secrets.forEach((secret, index) => {
    console.log(JSON.stringify({
      id: delivery.id,
      secret: index,
      standardwebhooks: verifies((s) => new StandardWebhook(s), secret, delivery),
      svix: verifies((s) => new SvixWebhook(s), secret, delivery),
    }));
  });
}
