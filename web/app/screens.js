// The workspace's screens: who may open each, and the module that draws it.
import { mountDesk } from "/app/desk.js";

export const SCREENS = [
  {
    path: "desk", title: "Agent desktop",
    roles: ["CONTACT_CENTER_AGENT", "BRANCH_OFFICER", "CARE_AGENT", "ADMINISTRATOR"],
    mount: mountDesk,
  },
];
