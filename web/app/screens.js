// The workspace's screens: who may open each, and the module that draws it.
import * as explorer from "/app/explorer.js";
import * as segments from "/app/segments.js";

export const SCREENS = [
  { path: "explorer", title: "Household explorer",
    roles: ["RELATIONSHIP_MANAGER", "BRANCH_OFFICER", "ADMINISTRATOR"], mount: explorer.mount },
  { path: "segments", title: "Segment builder",
    roles: ["MARKETING_ANALYST", "RELATIONSHIP_MANAGER", "ADMINISTRATOR"], mount: segments.mount },
];
