export { firewallRules, multicastGroupOf } from "./rules";
export { renderNftables, renderAllNftables, NFT_TABLE } from "./nftables";
export { firewallArtifacts, firewallOptionsFromSpec } from "./artifacts";
export type { FirewallOptions } from "./types";
