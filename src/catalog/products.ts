/**
 * The WSO2 port catalog: the only place a port number appears in this code base.
 * Every entry cites shared/reference/port-catalog.md (section in brackets) and, through
 * it, the WSO2 source or doc page. Evidence "inferred" marks facts not confirmed in code;
 * users override those per port (`ports:` in the spec).
 */
import { CatalogPort, Evidence, ProductCatalogEntry } from "./types";

const REF = "shared/reference/port-catalog.md";
const SEED = "shared/reference/wso2-default-ports.md";

/** Carbon 4.x servlet transports: Tomcat listens on `configured + offset` (CarbonTomcat.java). */
const carbonServlet: CatalogPort[] = [
    {
        name: "https", port: 9443, protocol: "tcp", shifts: true, exposure: "public", evidence: "code",
        purpose: "HTTPS servlet transport (console, portals, REST APIs)",
        configKey: "[transport.https] properties.port", source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [Console ports]`,
    },
    {
        // Plain HTTP carries admin and service calls; kept off the public class on purpose.
        name: "http", port: 9763, protocol: "tcp", shifts: true, exposure: "management", evidence: "code",
        purpose: "HTTP servlet transport",
        configKey: "[transport.http] properties.port", source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [Console ports]`,
    },
];

/**
 * JMX RMI: carbon-kernel default.json says registry 9999 / server 11111, the docs say the
 * opposite. We follow default.json, because that file is what the server actually reads.
 */
const carbonJmx: CatalogPort[] = [
    {
        name: "jmx-registry", port: 9999, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
        purpose: "JMX RMI registry", configKey: "[monitoring.jmx] rmi_registry_port", source: `${REF} [IS 5.11/6.x/7.x] (default.json)`,
    },
    {
        name: "jmx-server", port: 11111, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
        purpose: "JMX RMI server", configKey: "[monitoring.jmx] rmi_server_port", source: `${REF} [IS 5.11/6.x/7.x] (default.json)`,
    },
];

const carbonEmbedded: CatalogPort[] = [
    {
        name: "ldap", port: 10389, protocol: "tcp", shifts: true, exposure: "internal", evidence: "code",
        purpose: "embedded LDAP", configKey: "carbon.xml Ports.EmbeddedLDAP.LDAPServerPort", source: `${REF} [IS 5.11/6.x/7.x] (kernel test)`,
    },
    {
        name: "kdc", port: 8000, protocol: "udp", shifts: true, exposure: "internal", evidence: "inferred",
        purpose: "Kerberos KDC", configKey: "carbon.xml Ports.EmbeddedLDAP.KDCServerPort", source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [WSO2 Identity Server ports]`,
    },
];

/**
 * Clustering ports never shift (code): Hazelcast binds `local_member_port` as given, and
 * axis2.xml.j2 hard-codes mcastPort. The planner hands each member its own local port.
 * New fact, beyond the reference: the local member port is bound under *every* scheme,
 * multicast too (wso2/carbon-kernel, core/org.wso2.carbon.core/.../clustering/hazelcast/
 * HazelcastClusteringAgent.java: `nwConfig.setPort(localMemberPort)`, default 4000, runs
 * before `configureMembershipScheme`); multicast only replaces how members are discovered.
 */
const carbonCluster: CatalogPort[] = [
    {
        name: "cluster", port: 4000, protocol: "tcp", shifts: false, exposure: "cluster", evidence: "code", role: "local-member",
        purpose: "Hazelcast local member (every scheme)", configKey: "[clustering] local_member_port",
        source: `${REF} [IS 5.11/6.x/7.x], [Clustering in deployment.toml]; ${SEED} [Clustering ports]; wso2/carbon-kernel HazelcastClusteringAgent.java (bound under every scheme)`,
    },
    {
        name: "multicast", port: 45564, protocol: "udp", shifts: false, exposure: "cluster", evidence: "code", role: "multicast",
        purpose: "Hazelcast multicast membership", configKey: "axis2.xml.j2 mcastPort (hard-coded)",
        source: `${REF} [IS 5.11/6.x/7.x], [Clustering in deployment.toml]; ${SEED} [Clustering ports]`,
    },
];

/**
 * The group the multicast scheme sends to on `mcastPort`. New fact, beyond the reference:
 * axis2.xml.j2 leaves `mcastAddress` commented out (its 228.0.0.4 is an old Tribes example),
 * and carbon-kernel's MulticastBasedMembershipScheme calls `setMulticastGroup` only when that
 * parameter is set, so Hazelcast's own default applies (hazelcast/hazelcast MulticastConfig.java,
 * DEFAULT_MULTICAST_GROUP). `[clustering.properties] mcastAddress` in deployment.toml replaces it.
 */
export const HAZELCAST_MULTICAST_GROUP: { address: string; evidence: Evidence; source: string } = {
    address: "224.2.2.3", evidence: "code",
    source: "wso2/carbon-kernel axis2.xml.j2 (mcastAddress commented out), MulticastBasedMembershipScheme.java; hazelcast MulticastConfig.DEFAULT_MULTICAST_GROUP",
};

const identityServerPorts: CatalogPort[] = [
    ...carbonServlet,
    ...carbonEmbedded,
    {
        name: "thrift-entl", port: 10500, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
        purpose: "Thrift entitlement service", configKey: "carbon.xml Ports.ThriftEntitlementReceivePort",
        source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [WSO2 Identity Server ports]`,
    },
    ...carbonJmx,
    ...carbonCluster,
];

const APIM = `${REF} [API Manager 3.x / 4.x]`;

/** Component-to-component traffic (gateways to traffic manager) crosses hosts on the private network. */
const apimPorts: CatalogPort[] = [
    ...carbonServlet,
    { name: "passthru-http", port: 8280, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTP API traffic", source: `${APIM} (NIO reads portOffset)` },
    { name: "passthru-https", port: 8243, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTPS API traffic", source: `${APIM} (NIO reads portOffset)` },
    { name: "amqp", port: 5672, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred", purpose: "internal AMQP broker (throttle decisions, event hub)", source: `${APIM} (clients shift in code; listener inferred)` },
    { name: "binary", port: 9611, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary event receiver", source: `${APIM} (APIManagerConfiguration.load: 9611 + offset)` },
    { name: "binary-ssl", port: 9711, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary event receiver SSL auth", source: `${APIM} (APIManagerConfiguration.load: 9711 + offset)` },
    { name: "thrift", port: 7611, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "Thrift event receiver", source: APIM },
    { name: "thrift-ssl", port: 7711, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "Thrift event receiver SSL", source: APIM },
    { name: "ws", port: 9099, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "WebSocket inbound", source: APIM },
    { name: "wss", port: 8099, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "secure WebSocket inbound", source: `${APIM} (carbon-mediation PR 1057)` },
    { name: "websub", port: 9021, protocol: "tcp", shifts: true, exposure: "public", evidence: "inferred", purpose: "WebSub inbound (http)", source: `${APIM} (shift not confirmed)` },
    { name: "websub-https", port: 8021, protocol: "tcp", shifts: true, exposure: "public", evidence: "inferred", purpose: "WebSub inbound (https)", source: `${APIM} (shift not confirmed)` },
    ...carbonEmbedded,
    ...carbonJmx,
    ...carbonCluster,
];

/** JMX and clustering are bound by every Carbon 4 server whatever its profile. */
const everyProfile = ["jmx-registry", "jmx-server", "cluster", "multicast"];

const MI = `${REF} [Micro Integrator 4.x]`;
const miPorts: CatalogPort[] = [
    { name: "passthru-http", port: 8280, protocol: "tcp", shifts: true, exposure: "public", evidence: "doc", purpose: "pass-through HTTP", source: MI },
    { name: "passthru-https", port: 8243, protocol: "tcp", shifts: true, exposure: "public", evidence: "doc", purpose: "pass-through HTTPS", source: MI },
    { name: "mgmt-https", port: 9154, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "management API (HTTPS)", configKey: "[mediation] internal_https_api_port", source: MI },
    { name: "mgmt-http", port: 9191, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "management API (HTTP)", configKey: "[mediation] internal_http_api_port", source: MI },
];
// No Hazelcast ports for MI or SI: the reference lists none; both coordinate through a shared database.

const SI = `${REF} [Streaming Integrator 4.x]`;
const siPorts: CatalogPort[] = [
    { name: "http", port: 9090, protocol: "tcp", shifts: true, exposure: "public", evidence: "doc", purpose: "HTTP transport", source: SI },
    { name: "https", port: 9443, protocol: "tcp", shifts: true, exposure: "public", evidence: "doc", purpose: "HTTPS transport", source: SI },
    { name: "thrift", port: 7611, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "Thrift receiver", source: SI },
    { name: "thrift-ssl", port: 7711, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "Thrift receiver SSL", source: SI },
    { name: "binary", port: 9611, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "binary receiver", source: SI },
    { name: "binary-ssl", port: 9711, protocol: "tcp", shifts: true, exposure: "management", evidence: "doc", purpose: "binary receiver SSL", source: SI },
];

const image = (repo: string) => (version: string) => `wso2/${repo}:${version}`;

export const PRODUCT_CATALOG: readonly ProductCatalogEntry[] = [
    {
        product: "identity-server", displayName: "Identity Server", versions: { from: "5.11.0", until: "8.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: identityServerPorts,
        configPath: "/home/wso2carbon/wso2is-{version}/repository/conf/deployment.toml", image: image("wso2is"),
    },
    {
        product: "api-manager", displayName: "API Manager", versions: { from: "3.2.0", until: "5.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: apimPorts,
        // helm-apim confs (port-catalog.md, API Manager 3.x / 4.x): which ports each profile serves.
        profiles: {
            "all-in-one": { ports: apimPorts.map((p) => p.name), default: true },
            "gateway": { ports: ["passthru-http", "passthru-https", "ws", "wss", "websub", "websub-https", "https", ...everyProfile] },
            "control-plane": { ports: ["https", "http", "amqp", "binary", "binary-ssl", ...everyProfile] },
            "traffic-manager": { ports: ["binary", "binary-ssl", "amqp", "https", ...everyProfile] },
        },
        configPath: "/home/wso2carbon/wso2am-{version}/repository/conf/deployment.toml", image: image("wso2am"),
    },
    {
        product: "micro-integrator", displayName: "Micro Integrator", versions: { from: "4.0.0", until: "5.0.0" },
        defaultOffset: 10, configFile: "deployment.toml", ports: miPorts,
        configPath: "/home/wso2carbon/wso2mi-{version}/conf/deployment.toml", image: image("wso2mi"),
    },
    {
        product: "streaming-integrator", displayName: "Streaming Integrator", versions: { from: "4.0.0", until: "5.0.0" },
        defaultOffset: 0, configFile: "deployment.yaml", ports: siPorts,
        configPath: "/home/wso2carbon/wso2si-{version}/conf/server/deployment.yaml", image: image("wso2si"),
    },
];
