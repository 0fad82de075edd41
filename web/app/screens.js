// The workspace's screens: who may open each, and the module that draws it.
import * as explorer from "/app/explorer.js";

export const SCREENS = [
  { path: "explorer", title: "Household explorer",
    roles: ["RELATIONSHIP_MANAGER", "BRANCH_OFFICER", "ADMINISTRATOR"], mount: explorer.mount },
];
