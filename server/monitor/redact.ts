// Secrets that travel in topics and URLs (tracking tokens, socket JWTs), masked before anything
// is printed: monitoring answers and every log line (server/log.ts).

const HIDDEN = "[redacted]";
const TRACKING_TOPIC = /^(delivery:token_).+$/;
const QUERY_SECRET = /([?&](?:token|access_token)=)[^&#]*/g;
const TRACKING_PATH = /(\/track\/)[^/?#]+/g;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]+/g;

/** `delivery:token_<secret>` becomes `delivery:token_[redacted]`; other topics name no secret. */
export function redactTopic(topic: string): string {
  return topic.replace(TRACKING_TOPIC, `$1${HIDDEN}`);
}

/** Any text that may hold a URL or a topic: token query parameters, tracking paths, JWTs. */
export function redactSecrets(text: string): string {
  return redactTopic(text).replace(QUERY_SECRET, `$1${HIDDEN}`).replace(TRACKING_PATH, `$1${HIDDEN}`).replace(JWT, HIDDEN);
}
