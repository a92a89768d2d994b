export { eventFilterSchema, filterQuery, type EventFilter } from "./filter";
export { searchEvents, PAGE_SIZE, type EventPage, type EventRow, type EventScope } from "./search-events";
export { exportEventsCsv } from "./export-csv";
export { getEvent } from "./get-event";
