export * from "./auth";
export * from "./tracker";
export * from "./workspaces";
