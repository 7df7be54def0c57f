"""Two Identity Servers (WKA cluster) and a Micro Integrator on two Docker hosts, from Python.

`pulumi package add ../../plugin` generates the `pulumi_wso2` SDK from the component's
TypeScript types; the classes and enums below are the schema's (`wso2:index:GroupSpec` is
`wso2.GroupSpecArgs`, `identity-server` is `wso2.Product.IDENTITY_SERVER`).
"""
import pulumi
import pulumi_wso2 as wso2

config = pulumi.Config()

deployment = wso2.Deployment(
    "wso2",
    hosts=[
        wso2.HostSpecArgs(name="host-a", address="10.0.0.11"),
        wso2.HostSpecArgs(name="host-b", address=config.get("hostBAddress") or "10.0.0.12"),
    ],
    products=[
        wso2.GroupSpecArgs(
            name="is",
            product=wso2.Product.IDENTITY_SERVER,
            version="7.0.0",
            instance_count=2,
            clustering=wso2.ClusteringSpecArgs(scheme=wso2.ClusteringScheme.WKA),
            config={"server": {"hostname": "iam.example.com"}},
        ),
        wso2.GroupSpecArgs(
            name="mi",
            product=wso2.Product.MICRO_INTEGRATOR,
            version="4.2.0",
            instances=[wso2.InstanceSpecArgs(name="mi-1", host="host-a")],
            ports=[wso2.PortOverrideArgs(name="inbound-http", port=8085, shifts=False, exposure=wso2.ExposureClass.PUBLIC)],
        ),
    ],
    exposure=wso2.ExposureSpecArgs(public=["0.0.0.0/0"], management=["10.0.0.0/8"]),
    docker=wso2.DockerSettingsArgs(
        daemons={"host-a": "ssh://wso2@10.0.0.11", "host-b": "ssh://wso2@10.0.0.12"},
        bind=wso2.DockerBindAddressesArgs(management="host"),
    ),
)

pulumi.export("plan", deployment.plan)
pulumi.export("exposure", deployment.exposure)
pulumi.export("firewall_rules", deployment.firewall_rules)
