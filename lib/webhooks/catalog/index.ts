export { OPERATIONAL_EVENT_TYPES } from "./alerts";
export { extractBusinessIds, type BusinessIds } from "./business-ids";
export {
  eventTypeGroups,
  eventTypeNames,
  eventTypes,
  getEventType,
  isEventTypeName,
  type EventTypeGroup,
  type EventTypeName,
} from "./catalog";
export type { EventData, EventGroup, EventTypeDefinition, LocalizedText } from "./types";
export { eventTypeJsonSchema, validateEventData, type EventDataValidation } from "./validate";
