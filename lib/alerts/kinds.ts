// The kinds of alert, in the order people read them (shared by the server and the dashboard).
export const ALERT_KINDS = ["endpoint_failing", "endpoint_disabled", "delivery_exhausted", "endpoint_recovered"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
