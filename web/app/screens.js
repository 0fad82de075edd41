// The workspace's screens: who may open each, and the module that draws it.
import * as segments from "/app/segments.js";

export const SCREENS = [
  { path: "segments", title: "Segment builder",
    roles: ["MARKETING_ANALYST", "RELATIONSHIP_MANAGER", "ADMINISTRATOR"], mount: segments.mount },
];
