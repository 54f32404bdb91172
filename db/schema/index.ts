export * from "./agents";
export * from "./auth";
export * from "./channels";
export * from "./health";
export * from "./mappings";
export * from "./sync";
export * from "./tracker";
export * from "./workspaces";
