/** The NOTIFY channel that wakes readers waiting on feeds: its payload is the endpoint ids, comma-separated. */
export const FEED_CHANNEL = "nfe_feed";
