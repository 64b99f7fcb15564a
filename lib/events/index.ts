// One definition of every event payload, imported by the server and the browser alike.
export * from "./common";
export * from "./chat";
export * from "./feed";
export * from "./delivery";
export * from "./notifications";
