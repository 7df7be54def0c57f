/**
 * Profiles run as profiles (issue 11): API-M 3.2 and 4.0-4.4 start the all-in-one image with
 * the profile option, 4.5+ use WSO2's per-profile images; Docker and Kubernetes alike.
 */
import { strict as assert } from "node:assert";
import { DeploymentSpec } from "../../src/spec/types";
import { dockerTargetPlan } from "../../src/targets/docker";
import { kubernetesManifests, kubernetesObjectProblems } from "../../src/targets/kubernetes";
import { IStatefulSet } from "../../src/targets/kubernetes/objects";
import { kubernetesInput, settingsOf } from "../kubernetes/fixtures";
import { dockerInput } from "./fixtures";

const option = (profile: string) => ["--optimize", `-Dprofile=${profile}`, "--skipConfigOptimization"];

/** One spec per group: groups of one deployment link to each other (issue 12), and these are unrelated. */
const GROUPS: DeploymentSpec["products"] = [
        { name: "aio", product: "api-manager", version: "4.3.0" },
        { name: "gw", product: "api-manager", version: "4.3.0", profile: "gateway" },
        { name: "cp", product: "api-manager", version: "4.2.0", profile: "control-plane" },
        { name: "km", product: "api-manager", version: "4.2.0", profile: "key-manager" },
        { name: "km44", product: "api-manager", version: "4.4.0", profile: "key-manager" },
        { name: "dev", product: "api-manager", version: "3.2.0", profile: "api-devportal" },
        { name: "gw32", product: "api-manager", version: "3.2.0", profile: "gateway-worker" },
        { name: "tm", product: "api-manager", version: "4.5.0", profile: "traffic-manager" },
        { name: "ugw", product: "api-manager", version: "4.6.0", profile: "gateway" },
        { name: "acp", product: "api-manager", version: "4.5.0", profile: "control-plane" },
];

/** group → [image, start arguments, config path] */
const EXPECTED: Record<string, [string, string[], string]> = {
    aio: ["wso2/wso2am:4.3.0", [], "/home/wso2carbon/wso2am-4.3.0/repository/conf/deployment.toml"],
    gw: ["wso2/wso2am:4.3.0", option("gateway-worker"), "/home/wso2carbon/wso2am-4.3.0/repository/conf/deployment.toml"],
    cp: ["wso2/wso2am:4.2.0", option("control-plane"), "/home/wso2carbon/wso2am-4.2.0/repository/conf/deployment.toml"],
    km: ["wso2/wso2am:4.2.0", option("api-key-manager-deprecated"), "/home/wso2carbon/wso2am-4.2.0/repository/conf/deployment.toml"],
    km44: ["wso2/wso2am:4.4.0", option("api-key-manager-node"), "/home/wso2carbon/wso2am-4.4.0/repository/conf/deployment.toml"],
    dev: ["wso2/wso2am:3.2.0", option("api-devportal"), "/home/wso2carbon/wso2am-3.2.0/repository/conf/deployment.toml"],
    gw32: ["wso2/wso2am:3.2.0", option("gateway-worker"), "/home/wso2carbon/wso2am-3.2.0/repository/conf/deployment.toml"],
    tm: ["wso2/wso2am-tm:4.5.0", [], "/home/wso2carbon/wso2am-tm-4.5.0/repository/conf/deployment.toml"],
    ugw: ["wso2/wso2am-universal-gw:4.6.0", [], "/home/wso2carbon/wso2am-universal-gw-4.6.0/repository/conf/deployment.toml"],
    acp: ["wso2/wso2am-acp:4.5.0", [], "/home/wso2carbon/wso2am-acp-4.5.0/repository/conf/deployment.toml"],
};

describe("profiles run as profiles", () => {
    it("Docker: the profile's image, its start options as the command, its config path", () => {
        for (const [group, [image, command, path]] of Object.entries(EXPECTED)) {
            const [c] = dockerTargetPlan(dockerInput({ products: GROUPS.filter((g) => g.name === group) })).containers;
            assert.deepEqual([c.image, c.command, c.upload.file], [image, command, path], group);
        }
    });

    it("Kubernetes: the same image and arguments on the container, the config mounted at the profile's path, valid objects", () => {
        const settings = settingsOf();
        for (const [group, [image, args, path]] of Object.entries(EXPECTED)) {
            const objects = kubernetesManifests(kubernetesInput({ products: GROUPS.filter((g) => g.name === group) }, settings), settings).flatMap((g) => g.objects);
            assert.deepEqual(kubernetesObjectProblems(objects), [], group);
            const set = objects.find((o) => o.kind === "StatefulSet" && o.metadata!.name === group) as IStatefulSet;
            const c = set.spec!.template.spec!.containers[0];
            assert.deepEqual([c.image, c.args ?? [], c.volumeMounts![0].mountPath], [image, args, path], group);
        }
    });

    it("keeps the profile option with a group's own image (same entrypoint)", () => {
        const spec: DeploymentSpec = { products: [{ name: "gw", product: "api-manager", version: "4.3.0", profile: "gateway", image: "registry.example/wso2am:4.3.0.6" }] };
        const [c] = dockerTargetPlan(dockerInput(spec)).containers;
        assert.deepEqual([c.image, c.command], ["registry.example/wso2am:4.3.0.6", option("gateway-worker")]);
    });
});
