"""Byte-compiles a Python Pulumi program and prints, as JSON, the names it takes from the
generated SDK module `wso2` (import pulumi_wso2 as wso2): each call `wso2.X(...)` with its
keyword arguments, each `wso2.Enum.MEMBER`, and each attribute read on a variable assigned
from `wso2.Deployment(...)`. Usage: python3 python_names.py PROGRAM.py"""
import ast
import json
import os
import py_compile
import sys
import tempfile


def sdk_path(node):
    """['wso2', 'Product', 'IDENTITY_SERVER'] for wso2.Product.IDENTITY_SERVER, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.insert(0, node.id)
        return parts
    return None


def main(program):
    with tempfile.TemporaryDirectory() as tmp:
        py_compile.compile(program, cfile=os.path.join(tmp, "program.pyc"), doraise=True)
    tree = ast.parse(open(program, encoding="utf-8").read(), program)
    calls, enums, outputs, components = [], [], [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            path = sdk_path(node.value.func)
            if path == ["wso2", "Deployment"]:
                components.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            path = sdk_path(node.func)
            if path and path[0] == "wso2" and len(path) == 2:
                calls.append({"name": path[1], "keywords": [k.arg for k in node.keywords]})
        elif isinstance(node, ast.Attribute):
            path = sdk_path(node)
            if path and path[0] == "wso2" and len(path) == 3:
                enums.append(path[1:])
            elif path and len(path) == 2 and path[0] in components:
                outputs.append(path[1])
    print(json.dumps({"calls": calls, "enums": enums, "outputs": outputs}))


main(sys.argv[1])
