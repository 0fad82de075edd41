// The workspace's screens: who may open each, and the module that draws it.
export const SCREENS = [];
