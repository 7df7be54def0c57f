/**
 * The WSO2 port catalog: the only place a port number appears in this code base.
 * Every entry cites shared/reference/port-catalog.md (section in brackets) and, through
 * it, the WSO2 source or doc page; facts read in WSO2's sources for issue 11 cite the
 * repository, file and release tag directly. Evidence "inferred" marks facts not confirmed
 * in code; users override those per port (`ports:` in the spec, `enabled`, `shifts`, ...).
 *
 * A port WSO2 binds only when a setting is on carries that setting (`when`): its config
 * key, the stock default and the evidence. The planner plans, and the targets publish and
 * open, exactly the ports the instance's merged config turns on.
 */
import { BASES, streamingIntegratorBase } from "./bases";
import { CatalogPort, Evidence, PortSwitch, ProductCatalogEntry, ProfileEntry } from "./types";

const REF = "shared/reference/port-catalog.md";
const SEED = "shared/reference/wso2-default-ports.md";
const VERIFIED = `${REF} [Verified against WSO2 sources]`;

/** Carbon 4.x servlet transports: Tomcat listens on `configured + offset` (CarbonTomcat.java). */
const carbonServlet: CatalogPort[] = [
    {
        name: "https", port: 9443, protocol: "tcp", shifts: true, exposure: "public", evidence: "code",
        purpose: "HTTPS servlet transport (console, portals, REST APIs)",
        configKey: "[transport.https] properties.port", source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [Console ports]`,
    },
    {
        // Plain HTTP carries admin and service calls; kept off the public class on purpose.
        // Bound in every profile: catalina-server.xml.j2 renders the HTTP connector with no
        // condition (carbon-kernel v4.10.9 l.28; product-apim v4.3.0 l.26-31), and
        // profileSetup.sh never replaces that template.
        name: "http", port: 9763, protocol: "tcp", shifts: true, exposure: "management", evidence: "code",
        purpose: "HTTP servlet transport",
        configKey: "[transport.http] properties.port",
        source: `${VERIFIED}; wso2/carbon-kernel v4.10.9 tomcat/catalina-server.xml.j2 l.28 (unconditional connector)`,
    },
];

/**
 * JMX RMI: carbon-kernel default.json says registry 9999 / server 11111, the docs say the
 * opposite. We follow default.json, because that file is what the server actually reads.
 * Both are bound only when `monitoring.jmx.rmi_server_start` is true (jmx.xml.j2
 * `<StartRMIServer>`); the shift follows `${Ports.JMX.*}` in carbon.xml (inferred).
 */
function carbonJmx(start: PortSwitch): CatalogPort[] {
    return [
        {
            name: "jmx-registry", port: 9999, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
            purpose: "JMX RMI registry", configKey: "[monitoring.jmx] rmi_registry_port", source: `${REF} [IS 5.11/6.x/7.x] (default.json)`, when: [start],
        },
        {
            name: "jmx-server", port: 11111, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
            purpose: "JMX RMI server", configKey: "[monitoring.jmx] rmi_server_port", source: `${REF} [IS 5.11/6.x/7.x] (default.json)`, when: [start],
        },
    ];
}

const JMX_KEY = ["monitoring", "jmx", "rmi_server_start"];
const JMX_IN_JMX_XML = "wso2/carbon-kernel v4.10.9 etc/jmx.xml.j2 l.21 <StartRMIServer>";
const isJmxSwitch: PortSwitch = {
    key: JMX_KEY, default: false, evidence: "code",
    source: `wso2/product-is modules/distribution/src/repository/resources/conf/default.json (v5.11.0 l.27, v6.0.0 l.28, v7.0.0 l.46, v7.1.0 l.49): false; ${JMX_IN_JMX_XML}`,
};
const apimJmxSwitch: PortSwitch = {
    key: JMX_KEY, default: true, evidence: "code",
    source: `wso2/product-apim modules/distribution/product/src/main/resources/conf/default.json (v3.2.0 l.156, v4.0.0 l.171, v4.4.0 l.230): true; ${JMX_IN_JMX_XML}`,
};

/** KDC: identity-userstore-ldap's embedded-ldap.xml.j2 hard-codes the KDC `enabled=false`; no key turns it on. */
const kdcHardOff: PortSwitch = {
    default: false, evidence: "code",
    source: `${VERIFIED}: wso2-extensions/identity-userstore-ldap v6.2.5 embedded-ldap.xml.j2 (KDC enabled=false), DirectoryActivator`,
};

const isEmbeddedLdap: CatalogPort[] = [
    {
        name: "ldap", port: 10389, protocol: "tcp", shifts: true, exposure: "internal", evidence: "code",
        purpose: "embedded LDAP (the default user store of IS 5.11)", configKey: "carbon.xml Ports.EmbeddedLDAP.LDAPServerPort",
        source: `${REF} [IS 5.11/6.x/7.x] (kernel test); ${VERIFIED}`,
        when: [{
            key: ["embedded_ldap", "enable"], default: true, evidence: "code",
            source: `${VERIFIED}: wso2-extensions/identity-userstore-ldap v6.2.5 LDAPConfigurationBuilder (embedded_ldap.enable, default true)`,
        }],
    },
    {
        name: "kdc", port: 8000, protocol: "udp", shifts: true, exposure: "internal", evidence: "inferred",
        purpose: "Kerberos KDC", configKey: "carbon.xml Ports.EmbeddedLDAP.KDCServerPort",
        source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [WSO2 Identity Server ports]`, when: [kdcHardOff],
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

/**
 * Thrift entitlement: off unless `[entitlement.thrift] enable = true` (docs-is 5.11.0 "Working with XACML",
 * https://is.docs.wso2.com/en/5.11.0/learn/working-with-xacml). The key is documented, not read in
 * code: the identity.xml.j2 section that maps it (carbon-identity-framework) was not reachable here,
 * so the switch and the port stay inferred. EntitlementServiceComponent starts the service only when
 * `EntitlementSettings.ThirftBasedEntitlementConfig.EnableThriftService` is true (ThriftConfigConstants).
 * The port itself is hard-coded: carbon-kernel v4.10.9 carbon.xml.j2 l.162 `<ThriftEntitlementReceivePort>10500`.
 */
const thriftEntitlement: CatalogPort = {
    name: "thrift-entl", port: 10500, protocol: "tcp", shifts: true, exposure: "management", evidence: "inferred",
    purpose: "Thrift entitlement service", configKey: "carbon.xml Ports.ThriftEntitlementReceivePort",
    source: `${REF} [IS 5.11/6.x/7.x]; ${SEED} [WSO2 Identity Server ports]; wso2/carbon-kernel v4.10.9 distribution/kernel/carbon-home/repository/resources/conf/templates/repository/conf/carbon.xml.j2 l.162`,
    when: [{
        key: ["entitlement", "thrift", "enable"], default: false, evidence: "doc",
        source: "https://is.docs.wso2.com/en/5.11.0/learn/working-with-xacml ([entitlement.thrift] enable=true); stock identity.xml EnableThriftService false",
    }],
};

const is511Ports: CatalogPort[] = [...carbonServlet, ...isEmbeddedLdap, thriftEntitlement, ...carbonJmx(isJmxSwitch), ...carbonCluster];
/** IS 6.0 removed the embedded LDAP (and its KDC): product-is commit 9ed7da0b1, first in v6.0.0-alpha3. */
const is6Ports: CatalogPort[] = [...carbonServlet, thriftEntitlement, ...carbonJmx(isJmxSwitch), ...carbonCluster];
/**
 * IS 7.1 ships no XACML engine, so no Thrift entitlement service: product-is v7.1.0
 * modules/p2-profile-gen/pom.xml lists no xacml feature (v7.0.0 l.225-228, l.904-910 still do);
 * XACML comes back only as a connector (wso2-extensions/identity-application-authz-xacml README).
 * With that connector installed, add the port in `ports:`.
 */
const is71Ports: CatalogPort[] = [...carbonServlet, ...carbonJmx(isJmxSwitch), ...carbonCluster];

const APIM = `${REF} [API Manager 3.x / 4.x]`;
const APIM_DEFAULT_JSON = "wso2/product-apim modules/distribution/product/src/main/resources/conf/default.json";
const amqpOn: PortSwitch = {
    key: ["broker", "transport", "amqp", "enabled"], default: true, evidence: "code",
    source: `${APIM_DEFAULT_JSON} (v3.2.0 l.178, v4.0.0 l.201, v4.4.0 l.270)`,
};

/** Ports every API-M 3.2–4.x distribution has; profiles narrow them. */
function apimPorts(withWebSub: boolean): CatalogPort[] {
    const webSub: CatalogPort[] = [
        { name: "websub", port: 9021, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "WebSub inbound (http)", source: `${VERIFIED}: product-apim v4.0.0 inbound-endpoints/WebhookServer.xml; carbon-mediation InboundHttpListener (inbound.port.offset.enable=true)` },
        { name: "websub-https", port: 8021, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "WebSub inbound (https)", configKey: "[apim.webhooks.https] port", source: `${VERIFIED}: product-apim v4.0.0 SecureWebhookServer.xml.j2; ${APIM_DEFAULT_JSON} v4.0.0 l.189` },
    ];
    return [
        ...carbonServlet,
        { name: "passthru-http", port: 8280, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTP API traffic", configKey: "[transport.passthru_http.listener.parameters] port", source: `${APIM} (NIO reads portOffset); ${VERIFIED} (wso2-synapse PassThroughHttpListener)` },
        { name: "passthru-https", port: 8243, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTPS API traffic", configKey: "[transport.passthru_https.listener.parameters] port", source: `${APIM} (NIO reads portOffset); ${VERIFIED}` },
        {
            name: "amqp", port: 5672, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "internal AMQP broker (throttle decisions, event hub)",
            configKey: "[broker.transport.amqp.default_connection] port", source: `${APIM}; ${VERIFIED} (andes AndesConfigurationManager adds the offset to every *_PORT)`,
            when: [amqpOn, { key: ["broker", "transport", "amqp", "default_connection", "enabled"], default: true, evidence: "code", source: `${APIM_DEFAULT_JSON} (v3.2.0 l.180, v4.0.0 l.203, v4.4.0 l.272)` }],
        },
        {
            name: "amqp-ssl", port: 8672, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "internal AMQP broker over TLS",
            configKey: "[broker.transport.amqp.ssl_connection] port", source: `${VERIFIED} (product-apim broker.xml.j2 l.78; andes adds the offset to every *_PORT)`,
            when: [amqpOn, { key: ["broker", "transport", "amqp", "ssl_connection", "enabled"], default: true, evidence: "code", source: `${APIM_DEFAULT_JSON} (v3.2.0 l.182, v4.0.0 l.205, v4.4.0 l.274)` }],
        },
        { name: "binary", port: 9611, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary event receiver", source: `${APIM} (APIManagerConfiguration.load: 9611 + offset)` },
        { name: "binary-ssl", port: 9711, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary event receiver SSL auth", source: `${APIM} (APIManagerConfiguration.load: 9711 + offset)` },
        ...["thrift:7611:Thrift event receiver", "thrift-ssl:7711:Thrift event receiver SSL"].map((s): CatalogPort => {
            const [name, port, purpose] = s.split(":");
            return {
                name, port: Number(port), protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose, source: APIM,
                when: [{ default: false, evidence: "code", source: `${VERIFIED}: wso2/carbon-analytics-common v5.3.11 data-bridge-config.xml.j2 (Thrift receiver enable=false, hard-coded), ThriftServerStartupObserver` }],
            };
        }),
        { name: "ws", port: 9099, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "WebSocket inbound", configKey: "[apim.ws] port", source: `${APIM}; ${VERIFIED} (ws.use.port.offset=true)` },
        { name: "wss", port: 8099, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "secure WebSocket inbound", configKey: "[apim.wss] port", source: `${APIM} (carbon-mediation PR 1057)` },
        ...(withWebSub ? webSub : []),
        ...carbonJmx(apimJmxSwitch),
        ...carbonCluster,
    ];
}
// Not bound, so not in the catalog, though the stock files name them:
// - Qpid's JMX 8999 (qpid-config.xml.j2 `<management><jmxport>`, default.json `qpid.management.enabled = true`):
//   andes skips its JMX registry when `com.sun.management.jmxremote` is set (wso2/andes v3.3.35
//   JMXManagedObjectRegistry.start l.103-108, areOutOfTheBoxJMXOptionsSet l.377-381), and every API-M start
//   script sets it (product-apim v3.2.0 wso2server.sh l.321, v4.4.0 api-manager.sh l.334, v4.5.0 gateway.sh,
//   traffic-manager.sh l.324, api-cp.sh l.346). So neither 8999 nor its connector port 8999+100 is bound.
// - Tomcat's shutdown port 8005 (catalina-server.xml.j2 `<Server port="8005">`): Tomcat opens it only in
//   Server.await(), which Carbon's embedded Tomcat never calls (wso2/carbon-kernel v4.9.26
//   core/org.wso2.carbon.tomcat CarbonTomcat.java: no await()).
// API-M ships no embedded LDAP and no KDC (no ldap.server feature, no ApacheDS): product-apim
// p2-profile pom and LICENSE.txt, v3.2.0-v4.4.0 (port-catalog.md [Verified against WSO2 sources]).

/** JMX and clustering are bound by every Carbon 4 server whatever its profile. */
const everyProfile = ["https", "http", "jmx-registry", "jmx-server", "cluster", "multicast"];
/** The andes broker: its server feature starts Qpid in `standalone` mode (broker.xml.j2 `<mode>`) with AMQP on by default. */
const amqpBroker = ["amqp", "amqp-ssl"];
/** The data-bridge receivers: binary on, Thrift hard-coded off (still listed, so `ports:` can turn it on). */
const receivers = ["binary", "binary-ssl", "thrift", "thrift-ssl"];
const broker = [...amqpBroker, ...receivers];
const PROFILE_SETUP = "wso2/product-apim modules/distribution/product/src/main/startup-scripts/profileSetup.sh";

/**
 * `--optimize -Dprofile=<name>` runs profileSetup.sh, which swaps templates and removes
 * what the profile does not serve. `--skipConfigOptimization` stops it from replacing our
 * deployment.toml with its own profile template (replaceDeploymentConfiguration).
 */
function profileOption(name: string, tag: string): ProfileEntry["start"] {
    return {
        args: ["--optimize", `-Dprofile=${name}`, "--skipConfigOptimization"], evidence: "code",
        source: `${PROFILE_SETUP} and api-manager.sh / wso2server.sh (--optimize, --skipConfigOptimization) at ${tag}`,
    };
}

/**
 * Which ports each profile binds.
 * Transports, from what profileSetup.sh does to the distribution: control plane, traffic manager
 * and key manager drop every synapse config (so the WebSocket and WebSub inbound endpoints) and
 * swap axis2.xml.j2 for a template without pass-through listeners (axis2_TM.xml.j2 has its NIO
 * listeners commented out).
 * Broker and event receivers, from the bundles: `-Dprofile=<name>` also makes the Carbon launcher
 * run the OSGi profile repository/components/<name> (wso2/carbon-kernel v4.9.26 core/org.wso2.carbon.server
 * Main.java l.90-104), whose features the product's p2-profile pom lists per profile. Where
 * `org.wso2.carbon.andes.server` is listed the broker starts (wso2/carbon-business-messaging v3.3.35
 * QpidServiceComponent.activate l.94-123: standalone mode starts it; product-apim broker.xml.j2
 * `<mode>standalone</mode>`) and binds AMQP 5672/8672; where `org.wso2.carbon.databridge.datareceiver`
 * is listed the binary receiver binds 9611/9711. So the gateway worker runs a broker of its own
 * (unused: it subscribes to the traffic manager's), and the 3.2 publisher and Developer Portal
 * run the event receivers (helm-apim's profile port lists, the earlier source, leave both out).
 */
const AXIS2 = "product-apim conf/axis2/axis2_{TM,KM,ControlPlane,Publisher,Devportal}.xml.j2 transportReceivers";
const P2 = "wso2/product-apim modules/p2-profile/product/pom.xml";
const gatewayPorts = ["passthru-http", "passthru-https", "ws", "wss", ...everyProfile];

const apim32Profiles: Record<string, ProfileEntry> = {
    "all-in-one": { ports: apimPorts(false).map((p) => p.name), default: true, source: "the whole distribution" },
    "gateway-worker": {
        ports: [...gatewayPorts, ...amqpBroker], start: profileOption("gateway-worker", "v3.2.0"),
        source: `${PROFILE_SETUP} v3.2.0 (keeps axis2.xml.j2 and the WebSocket endpoints); ${P2} v3.2.0 gateway-worker features l.1402- (andes.server l.1442, no datareceiver)`,
    },
    "api-key-manager": { ports: everyProfile, start: profileOption("api-key-manager", "v3.2.0"), source: `${PROFILE_SETUP} v3.2.0; ${AXIS2} v3.2.0 (local transport only); ${P2} v3.2.0 api-key-manager features l.2763- (no andes, no datareceiver)` },
    "api-publisher": { ports: [...everyProfile, ...receivers], start: profileOption("api-publisher", "v3.2.0"), source: `${PROFILE_SETUP} v3.2.0; ${AXIS2} v3.2.0 (local transport only); ${P2} v3.2.0 api-publisher features l.2302- (datareceiver l.2418, no andes)` },
    "api-devportal": { ports: [...everyProfile, ...receivers], start: profileOption("api-devportal", "v3.2.0"), source: `${PROFILE_SETUP} v3.2.0; ${AXIS2} v3.2.0 (local transport only); ${P2} v3.2.0 api-devportal features l.1808- (datareceiver l.1941, no andes)` },
    "traffic-manager": { ports: [...broker, ...everyProfile], start: profileOption("traffic-manager", "v3.2.0"), source: `${PROFILE_SETUP} v3.2.0; ${AXIS2} v3.2.0 (axis2_TM: its NIO listeners are commented out); ${P2} v3.2.0 traffic-manager features l.3190- (andes, datareceiver)` },
};

/** The p2 feature lists read at v4.0.0 and v4.4.0 (same features per profile in v4.1.0-v4.3.0). */
const P2_4 = `${P2} v4.0.0, v4.4.0`;

function apim4Profiles(tag: string, keyManagerProfile: string): Record<string, ProfileEntry> {
    return {
        "all-in-one": { ports: apimPorts(true).map((p) => p.name), default: true, source: "the whole distribution" },
        "gateway": {
            ports: [...gatewayPorts, "websub", "websub-https", ...amqpBroker], start: profileOption("gateway-worker", tag),
            source: `${PROFILE_SETUP} ${tag} (keeps axis2.xml.j2 and the inbound endpoints); ${P2_4} gateway-worker features (andes.server v4.0.0 l.2222, v4.4.0 l.2198; no datareceiver)`,
        },
        "control-plane": { ports: [...broker, ...everyProfile], start: profileOption("control-plane", tag), source: `${PROFILE_SETUP} ${tag}; ${AXIS2} ${tag} (local transport only); ${P2_4} control-plane features (andes, datareceiver)` },
        "traffic-manager": { ports: [...broker, ...everyProfile], start: profileOption("traffic-manager", tag), source: `${PROFILE_SETUP} ${tag}; ${AXIS2} ${tag} (axis2_TM: its NIO listeners are commented out, v4.3.0 l.248-273); ${P2_4} traffic-manager features (andes, datareceiver)` },
        "key-manager": { ports: everyProfile, start: profileOption(keyManagerProfile, tag), source: `${PROFILE_SETUP} ${tag} (-Dprofile=${keyManagerProfile}); ${AXIS2} ${tag} (local transport only); ${P2_4} api-key-manager-deprecated features (no andes, no datareceiver)` },
    };
}

/**
 * API-M 4.5 splits into per-profile distributions, and wso2/docker-apim publishes an image
 * for each (dockerfiles/*\/apim-acp, apim-tm, apim-universal-gw at v4.5.0.x, v4.6.0.x; the
 * image's home is `<server name>-<version>`). Each distribution's default OSGi profile is its
 * own p2 feature list (product-apim v4.5.0 <dist>/modules/p2-profile/product/pom.xml), read for
 * the broker and receivers as above; its transports from its own templates.
 */
function perProfileImage(server: string): ProfileEntry["start"] {
    return {
        image: (v) => `wso2/${server}:${v}`, configPath: `/home/wso2carbon/${server}-{version}/repository/conf/deployment.toml`,
        evidence: "code", source: `wso2/docker-apim v4.5.0.9, v4.6.0.5 dockerfiles/ubuntu/${server.replace("wso2am", "apim")}/Dockerfile (WSO2_SERVER_NAME=${server})`,
    };
}

const APIM45 = "wso2/product-apim v4.5.0";
const TEMPLATES = "modules/distribution/product/src/main/resources/conf/templates/repository";
const apim45Profiles: Record<string, ProfileEntry> = {
    "all-in-one": { ports: apimPorts(true).map((p) => p.name), default: true, source: "the whole distribution" },
    // The universal gateway ships both the broker and the receivers: unlike the 4.4 gateway worker, it binds 9611/9711 too.
    "gateway": {
        ports: [...gatewayPorts, "websub", "websub-https", ...broker], start: perProfileImage("wso2am-universal-gw"),
        source: `${APIM45} gateway/modules/p2-profile/product/pom.xml features l.741- (andes.server l.811, databridge.datareceiver l.795); `
            + `gateway/${TEMPLATES}/conf/axis2/axis2.xml.j2 l.237, l.245 (pass-through listeners); gateway/${TEMPLATES}/deployment/server/synapse-configs/default/inbound-endpoints/ `
            + "(WebSocket, SecureWebSocket, SecureWebhookServer .xml.j2) and gateway/modules/distribution/product/src/main/conf/synapse-configs/default/inbound-endpoints/WebhookServer.xml; "
            + `gateway/${TEMPLATES}/conf/tomcat/catalina-server.xml.j2 l.26-31 (HTTP connector, no condition); gateway/${TEMPLATES}/conf/broker.xml.j2 l.609 <mode>standalone</mode>`,
    },
    "control-plane": {
        ports: [...broker, ...everyProfile], start: perProfileImage("wso2am-acp"),
        source: `${APIM45} api-control-plane/modules/p2-profile/product/pom.xml features l.714- (andes.server l.1147, databridge.datareceiver l.859); `
            + `api-control-plane/${TEMPLATES}/conf/axis2/axis2.xml.j2 l.245-275 (servlet and local transports only); no inbound endpoints in the distribution`,
    },
    "traffic-manager": {
        ports: [...broker, ...everyProfile], start: perProfileImage("wso2am-tm"),
        source: `${APIM45} traffic-manager/modules/p2-profile/product/pom.xml features l.757- (andes.server l.990, databridge.datareceiver l.828); `
            + `traffic-manager/${TEMPLATES}/conf/axis2/axis2.xml.j2 l.250-273 (NIO listeners commented out); no inbound endpoints in the distribution`,
    },
};

const MI = `${REF} [Micro Integrator 4.x]`;
/** Checked unchanged at micro-integrator v4.0.0, v4.2.0, v4.3.0 and v4.4.0-alpha (config-tool default.json `management_api.protocols = "https http"`). */
const miPorts: CatalogPort[] = [
    { name: "passthru-http", port: 8280, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTP", source: `${MI}; ${VERIFIED} (8280 + offset)` },
    { name: "passthru-https", port: 8243, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "pass-through HTTPS", source: `${MI}; ${VERIFIED} (8243 + offset)` },
    { name: "mgmt-https", port: 9154, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "management API (HTTPS)", configKey: "[mediation] internal_https_api_port", source: `${MI}; ${VERIFIED} (9154 + offset)` },
    { name: "mgmt-http", port: 9191, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "management API (HTTP)", configKey: "[mediation] internal_http_api_port", source: `${MI}; ${VERIFIED} (9191 + offset)` },
];
// No Hazelcast ports for MI or SI: the reference lists none; both coordinate through a shared database.

const SI = `${REF} [Streaming Integrator 4.x]`;
const SI_YAML = "wso2/streaming-integrator modules/distribution/carbon-home/conf/server/deployment.yaml (v4.0.0-v4.3.0)";
/**
 * SI 4.0-4.3 ship msf4j 2.7.7, 2.8.5, 2.8.11, 2.8.12, carbon-analytics 3.0.54, 3.0.61, 3.0.69, 3.0.74 and
 * carbon-analytics-common 6.1.50, 6.1.59, 6.1.66, 6.1.69 (streaming-integrator pom.xml at each tag).
 * The HTTP transport shifts: MSF4J's OSGi server adds `wso2.carbon.ports.offset` to every
 * `wso2.transport.http` listener. The Siddhi Store API does not: it starts its own
 * `new MicroservicesRunner(transportsConfiguration)` from `siddhi.stores.query.api`, and that
 * runner binds each listener's port as written (no offset anywhere in msf4j's runner).
 */
const MSF4J_OFFSET = "wso2/msf4j core/.../internal/MicroservicesServerSC.java registerConfigProvider (v2.7.7 l.190, v2.8.5-v2.8.12 l.186: port + getPortsConfig().getOffset())";
const STORE_NO_OFFSET = "wso2/carbon-analytics components/org.wso2.carbon.siddhi.store.api.rest/.../StoresApi.java (v3.0.54 l.91, v3.0.61 and v3.0.69 l.94, v3.0.72 l.113: new MicroservicesRunner(config of siddhi.stores.query.api)); "
    + "wso2/msf4j core/.../MicroservicesRunner.java v2.7.7-v2.8.12 configureTransport (listenerConfiguration.getPort(), no offset)";
const DATABRIDGE_OFFSET = "wso2/carbon-analytics-common v6.1.50-v6.1.69 components/data-bridge";
const siPorts: CatalogPort[] = [
    { name: "http", port: 9090, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "HTTP transport", configKey: "wso2.transport.http listenerConfigurations", source: `${SI}; ${SI_YAML} l.42-46; ${MSF4J_OFFSET}` },
    { name: "https", port: 9443, protocol: "tcp", shifts: true, exposure: "public", evidence: "code", purpose: "HTTPS transport", configKey: "wso2.transport.http listenerConfigurations", source: `${SI}; ${SI_YAML} l.47-54; ${MSF4J_OFFSET}` },
    // Bound by default, and NOT shifted: two SI instances on one host need their own store ports (`ports:` with `port`, and the listeners in `config:`).
    { name: "store-http", port: 7070, protocol: "tcp", shifts: false, exposure: "management", evidence: "code", purpose: "Siddhi Store Query API (HTTP)", configKey: "siddhi.stores.query.api listenerConfigurations", source: `${VERIFIED}; ${SI_YAML} l.72-76; ${STORE_NO_OFFSET}` },
    { name: "store-https", port: 7443, protocol: "tcp", shifts: false, exposure: "management", evidence: "code", purpose: "Siddhi Store Query API (HTTPS)", configKey: "siddhi.stores.query.api listenerConfigurations", source: `${VERIFIED}; ${SI_YAML} l.77-84; ${STORE_NO_OFFSET}` },
    { name: "thrift", port: 7611, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "Thrift receiver", configKey: "databridge.config dataReceivers (Thrift) tcpPort", source: `${SI}; ${SI_YAML} l.108-118; ${DATABRIDGE_OFFSET} ThriftServerStartupImpl (offset passed), ThriftDataReceiverConfiguration (port + offset)` },
    { name: "thrift-ssl", port: 7711, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "Thrift receiver SSL", configKey: "databridge.config dataReceivers (Thrift) sslPort", source: `${SI}; ${SI_YAML} l.108-118; ${DATABRIDGE_OFFSET} ThriftDataReceiverConfiguration (port + offset)` },
    { name: "binary", port: 9611, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary receiver", configKey: "databridge.config dataReceivers (Binary) tcpPort", source: `${SI}; ${SI_YAML} l.120-132; ${DATABRIDGE_OFFSET} BinaryDataReceiverConfiguration l.66-74 (port + getPortOffset())` },
    { name: "binary-ssl", port: 9711, protocol: "tcp", shifts: true, exposure: "management", evidence: "code", purpose: "binary receiver SSL", configKey: "databridge.config dataReceivers (Binary) sslPort", source: `${SI}; ${SI_YAML} l.120-132; ${DATABRIDGE_OFFSET} BinaryDataReceiverConfiguration l.66-74 (port + getPortOffset())` },
];

const image = (repo: string) => (version: string) => `wso2/${repo}:${version}`;
const IS_CONFIG = "/home/wso2carbon/wso2is-{version}/repository/conf/deployment.toml";
const APIM_CONFIG = "/home/wso2carbon/wso2am-{version}/repository/conf/deployment.toml";

export const PRODUCT_CATALOG: readonly ProductCatalogEntry[] = [
    {
        product: "identity-server", displayName: "Identity Server", versions: { from: "5.11.0", until: "6.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: is511Ports, base: BASES.is511,
        configPath: IS_CONFIG, image: image("wso2is"),
    },
    {
        product: "identity-server", displayName: "Identity Server", versions: { from: "6.0.0", until: "7.1.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: is6Ports, base: BASES.is6,
        configPath: IS_CONFIG, image: image("wso2is"),
    },
    {
        product: "identity-server", displayName: "Identity Server", versions: { from: "7.1.0", until: "8.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: is71Ports, base: BASES.is71,
        configPath: IS_CONFIG, image: image("wso2is"),
    },
    {
        product: "api-manager", displayName: "API Manager", versions: { from: "3.2.0", until: "4.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: apimPorts(false), profiles: apim32Profiles, base: BASES.apim,
        configPath: APIM_CONFIG, image: image("wso2am"),
    },
    {
        product: "api-manager", displayName: "API Manager", versions: { from: "4.0.0", until: "4.3.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: apimPorts(true), profiles: apim4Profiles("v4.0.0-v4.2.0", "api-key-manager-deprecated"), base: BASES.apim,
        configPath: APIM_CONFIG, image: image("wso2am"),
    },
    {
        product: "api-manager", displayName: "API Manager", versions: { from: "4.3.0", until: "4.5.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: apimPorts(true), profiles: apim4Profiles("v4.3.0-v4.4.0", "api-key-manager-node"), base: BASES.apim,
        configPath: APIM_CONFIG, image: image("wso2am"),
    },
    {
        product: "api-manager", displayName: "API Manager", versions: { from: "4.5.0", until: "5.0.0" },
        defaultOffset: 0, configFile: "deployment.toml", ports: apimPorts(true), profiles: apim45Profiles, base: BASES.apim,
        configPath: APIM_CONFIG, image: image("wso2am"),
    },
    {
        product: "micro-integrator", displayName: "Micro Integrator", versions: { from: "4.0.0", until: "5.0.0" },
        defaultOffset: 10, configFile: "deployment.toml", ports: miPorts, base: BASES.mi,
        configPath: "/home/wso2carbon/wso2mi-{version}/conf/deployment.toml", image: image("wso2mi"),
    },
    {
        product: "streaming-integrator", displayName: "Streaming Integrator", versions: { from: "4.0.0", until: "5.0.0" },
        defaultOffset: 0, configFile: "deployment.yaml", ports: siPorts, base: streamingIntegratorBase(siPorts), baseFor: streamingIntegratorBase,
        configPath: "/home/wso2carbon/wso2si-{version}/conf/server/deployment.yaml", image: image("wso2si"),
    },
];
