export * from "./exposure";
export * from "./diff";
export { covers, parseCidr } from "./cidr";
export { formatDiff, describeReach, summaryLine } from "./format";
