// The workspace's screens: who may open each, and the module that draws it.
import * as desk from "/app/desk.js";
import * as explorer from "/app/explorer.js";
import * as segments from "/app/segments.js";

export const SCREENS = [
  { path: "explorer", title: "Household explorer",
    roles: ["RELATIONSHIP_MANAGER", "BRANCH_OFFICER", "ADMINISTRATOR"], mount: explorer.mount },
  { path: "desk", title: "Agent desktop",
    roles: ["CONTACT_CENTER_AGENT", "BRANCH_OFFICER", "CARE_AGENT", "ADMINISTRATOR"],
    mount: desk.mount },
  { path: "segments", title: "Segment builder",
    roles: ["MARKETING_ANALYST", "RELATIONSHIP_MANAGER", "ADMINISTRATOR"], mount: segments.mount },
];
