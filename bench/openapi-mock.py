#!/usr/bin/env python3
"""bench/openapi-mock.py OPENAPI_DIR OUT_DIR [SUPPLEMENT.json]: the helper of bench/openapi-mock.sh.

Reads the one-operation extracts of GitHub's published OpenAPI descriptions
(OPENAPI_DIR/*.json: method, path, parameters, requestBody, responses with inlined
schemas and examples) and writes two OpenAPI 3.0 documents for Prism:

  OUT_DIR/cloud.json   the ghec-* operations, paths as they are (the cloud's API root)
  OUT_DIR/server.json  the ghes-* operations: REST paths under /api/v3 (licensesync's
                       LICENSESYNC_SERVER is the appliance root and the client adds
                       /api/v3/), the manage/v1 ones (the appliance's Management Console
                       API, served at the root on :8443) as they are

A $ref the extract does not carry (it has no components) is replaced: a schema by an
open object, a parameter or an example by nothing; each is said on stderr.

With SUPPLEMENT.json (bench/openapi-supplement.json) its "cloud" and "server" paths are
added too: operations licensesync needs that the extracts lack (not GitHub's text).

Every application/json response is also offered as application/vnd.github.v3+json and
application/vnd.github+json, the Accepts licensesync (go-github) and gh send: GitHub
answers them with JSON, Prism would say 406 Not Acceptable.
"""
import glob, json, os, sys

def fix_refs(node, where, dropped):
    """Returns node with dangling $refs replaced, or None to drop it."""
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            dropped.append(where + ": " + ref)
            if "/schemas/" in ref:
                return {"type": "object"}
            return None
        out = {}
        for k, v in node.items():
            v2 = fix_refs(v, where, dropped)
            if v2 is not None:
                out[k] = v2
        return out
    if isinstance(node, list):
        return [x for x in (fix_refs(v, where, dropped) for v in node) if x is not None]
    return node

def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    supplement = {}
    if len(sys.argv) == 4:
        with open(sys.argv[3]) as fh:
            supplement = json.load(fh)
    docs = {
        "cloud": {"openapi": "3.0.3", "info": {"title": "GitHub Enterprise Cloud (extracts)", "version": "ghec"}, "paths": {}},
        "server": {"openapi": "3.0.3", "info": {"title": "GitHub Enterprise Server (extracts)", "version": "ghes"}, "paths": {}},
    }
    files = sorted(glob.glob(os.path.join(src, "*.json")))
    if not files:
        sys.exit("no *.json in " + src)
    for f in files:
        name = os.path.basename(f)
        with open(f) as fh:
            op = json.load(fh)
        path = op["path"]
        if name.startswith("ghec-"):
            doc = docs["cloud"]
        elif name.startswith("ghes-"):
            doc = docs["server"]
            if not path.startswith("/manage/"):
                path = "/api/v3" + path
        else:
            print("skipped " + name + ": neither ghec- nor ghes-", file=sys.stderr)
            continue
        dropped = []
        o = {"operationId": op.get("operationId", name), "summary": op.get("summary", ""),
             "responses": fix_refs(op["responses"], name, dropped)}
        for k in ("parameters", "requestBody", "tags"):
            if k in op:
                o[k] = fix_refs(op[k], name, dropped)
        for d in dropped:
            print("dangling $ref replaced in " + d, file=sys.stderr)
        method = op["method"].lower()
        if method in doc["paths"].get(path, {}):
            sys.exit("two operations for %s %s (%s)" % (op["method"], path, name))
        doc["paths"].setdefault(path, {})[method] = o
    for k in ("cloud", "server"):
        for path, ops in supplement.get(k, {}).items():
            for method, o in ops.items():
                if method in docs[k]["paths"].get(path, {}):
                    sys.exit("supplement repeats %s %s" % (method, path))
                docs[k]["paths"].setdefault(path, {})[method] = o
                print("supplement: %s %s %s" % (k, method.upper(), path), file=sys.stderr)
    for doc in docs.values():
        for ops in doc["paths"].values():
            for o in ops.values():
                for r in o["responses"].values():
                    c = r.get("content", {})
                    if "application/json" in c:
                        for mt in ("application/vnd.github.v3+json", "application/vnd.github+json"):
                            c.setdefault(mt, c["application/json"])
    os.makedirs(out, exist_ok=True)
    for k, doc in docs.items():
        with open(os.path.join(out, k + ".json"), "w") as fh:
            json.dump(doc, fh, indent=1)
        print("%s/%s.json: %d paths" % (out, k, len(doc["paths"])), file=sys.stderr)

main()
