// Extracts the schema of the AWS resource and data source types a Terraform tree uses from the
// npm package @cdktf/provider-aws, which is generated from the provider's own schema, and prints
// it in the layout of `terraform providers schema -json` (a subset, see terraform/README.md).
//
//   node scripts/provider-schema.mjs <package dir> <terraform dir>
//
// Per type, `lib/<type>/index.js` gives every argument and nested block with its Terraform name,
// block nesting (list, set, single) and value type (the `...ToHclTerraform` functions), and the
// read-only attributes (`// name - computed: true, optional: false` before their getters);
// `lib/<type>/index.d.ts` says which are required and which blocks hold one item at most.
// Anything this script does not recognise stops it: a schema that is silently incomplete would
// let the harness pass Terraform it never checked.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

const [pkgDir, tfDir] = process.argv.slice(2);
if (!pkgDir || !tfDir) {
  console.error("usage: node provider-schema.mjs <@cdktf/provider-aws dir> <terraform dir>");
  process.exit(2);
}

function fail(message) {
  throw new Error(message);
}

// --- the types the Terraform uses -------------------------------------------------------------
function tfFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith(".") ? [] : tfFiles(path);
    return name.endsWith(".tf") ? [path] : [];
  });
}

function usedTypes(dir) {
  const used = { resource: new Set(), data: new Set() };
  for (const file of tfFiles(dir)) {
    for (const m of readFileSync(file, "utf8").matchAll(/^\s*(resource|data)\s+"([\w-]+)"/gm)) {
      used[m[1]].add(m[2]);
    }
  }
  return used;
}

// --- where a type lives in the package ----------------------------------------------------------
function typeDir(kind, type) {
  const base = type.replace(/^aws_/, "").replaceAll("_", "-");
  const dir = join(pkgDir, "lib", kind === "data" ? `data-aws-${base}` : base);
  const superclass = kind === "data" ? "TerraformDataSource" : "TerraformResource";
  const js = existsSync(join(dir, "index.js")) ? readFileSync(join(dir, "index.js"), "utf8") : "";
  const main = js.match(new RegExp(`^class (\\w+) extends cdktf\\.${superclass} \\{`, "m"));
  if (!main || !js.includes(`${main[1]}.tfResourceType = "${type}";`)) {
    fail(`${kind} ${type}: not found in ${dir} (is it a type of hashicorp/aws 5.x?)`);
  }
  return { js, dts: readFileSync(join(dir, "index.d.ts"), "utf8"), mainClass: main[1] };
}

// --- small text helpers -------------------------------------------------------------------------
// The text of the `{ ... }` that opens at `open` (an index of "{"), braces balanced.
function braced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  fail("unbalanced braces");
}

function classBody(js, name) {
  const at = js.search(new RegExp(`^class ${name} extends `, "m"));
  return at < 0 ? null : braced(js, js.indexOf("{", at));
}

function lowerFirst(s) {
  return s[0].toLowerCase() + s.slice(1);
}

// --- the arguments of one struct (the resource itself or a nested block) -------------------------
// `name: { value: ..., isBlock: true|false, type: "...", storageClassType: "..." }` entries.
function hclEntries(body) {
  const entries = [];
  const re =
    /^\s+"?(\w+)"?: \{\n\s+value: [^\n]*\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\}/gm;
  for (const m of body.matchAll(re)) {
    entries.push({ name: m[1], isBlock: m[2] === "true", type: m[3], storage: m[4] });
  }
  return entries;
}

// Properties of a TypeScript interface: Terraform name (from the registry link) -> optional?, single?
function interfaceProps(dts, name) {
  const at = dts.search(new RegExp(`^export interface ${name}( extends [\\w.]+)? \\{`, "m"));
  if (at < 0) fail(`interface ${name} not found`);
  const body = braced(dts, dts.indexOf("{", at));
  const props = new Map();
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)(\??): ([^\n]*)/g;
  for (const m of body.matchAll(re)) {
    const link = m[1].match(/#(\w+) \w+#\w+\}/);
    if (!link) fail(`${name}.${m[2]}: no registry link naming its Terraform name`);
    props.set(link[1], {
      optional: m[3] === "?",
      single: !m[4].includes("[]"),
      doc: m[1],
    });
  }
  return props;
}

function ctyType(entry, where) {
  const elements = { string: "string", number: "number", boolean: "bool", any: "dynamic" };
  const s = entry.storage;
  if (entry.type === "simple" && elements[s]) return elements[s];
  const list = s.match(/^(string|number|boolean)List$/);
  if (list && (entry.type === "list" || entry.type === "set")) return [entry.type, elements[list[1]]];
  const map = s.match(/^(string|number|boolean)Map$/);
  if (map && entry.type === "map") return ["map", elements[map[1]]];
  if (s === "stringListList") return [entry.type, ["list", "string"]];
  if (s === "stringMapList") return [entry.type, ["map", "string"]];
  if (s === "stringMapMap") return ["map", ["map", "string"]];
  fail(`${where}: value type ${entry.type}/${s} not recognised`);
}

// Read-only attributes of a class: `// name - computed: true, optional: false, required: false`
// followed by a getter (`get x() { return this.getStringAttribute('name'); }`) or, for objects, by
// `this._x = new SomethingList(this, "name", false);` in the constructor.
function computedAttributes(js, body, where) {
  const attributes = {};
  const re = /\/\/ (\w+) - computed: true, optional: false, required: false\n([^\n]*\n[^\n]*)/g;
  for (const m of body.matchAll(re)) {
    const [name, next] = [m[1], m[2]];
    const getter = next.match(/return (?:cdktf\.[\w.]+\()*this\.get(\w*?)Attribute\('(\w+)'\)/);
    const object = next.match(/this\._\w+ = new ([\w.]+)\(this, "(\w+)"/);
    let type;
    if (getter) {
      const kinds = {
        String: "string",
        Number: "number",
        Boolean: "bool",
        List: ["list", "string"],
        NumberList: ["list", "number"],
        StringMap: ["map", "string"],
        NumberMap: ["map", "number"],
        BooleanMap: ["map", "bool"],
      };
      type = kinds[getter[1]] ?? fail(`${where}.${name}: getter get${getter[1]}Attribute`);
      if (next.includes("cdktf.Fn.tolist(") && Array.isArray(type)) type = ["set", type[1]];
    } else if (object) {
      type = objectType(js, object[1], `${where}.${name}`);
    } else if (next.includes(`this.interpolationForAttribute('${name}')`)) {
      type = "dynamic";
    } else {
      fail(`${where}.${name}: computed attribute of an unknown form: ${next.trim()}`);
    }
    attributes[name] = { type, computed: true };
  }
  return attributes;
}

// A computed object attribute: `new XList(...)` (a list of XOutputReference objects),
// `new XOutputReference(...)` (one object), or one of cdktf's own map classes.
function objectType(js, className, where) {
  const maps = {
    "cdktf.StringMap": ["map", "string"],
    "cdktf.NumberMap": ["map", "number"],
    "cdktf.BooleanMap": ["map", "bool"],
    "cdktf.AnyMap": ["map", "dynamic"],
    "cdktf.StringListMap": ["map", ["list", "string"]],
  };
  if (maps[className]) return maps[className];
  const element = className.replace(/(List|Map|OutputReference)$/, "OutputReference");
  const body = classBody(js, element) ?? fail(`${where}: class ${element} not found`);
  const fields = Object.fromEntries(
    Object.entries(computedAttributes(js, body, where)).map(([k, v]) => [k, v.type]),
  );
  const object = ["object", fields];
  if (className.endsWith("List")) return ["list", object];
  if (className.endsWith("Map")) return ["map", object];
  return object;
}

// The schema block of a struct: its arguments and blocks (from `argsBody`, the text holding its
// `...ToHclTerraform` entries), their optionality (interface `iface`), and its read-only
// attributes (class `cls`).
function block(ctx, argsBody, iface, cls, where) {
  const props = interfaceProps(ctx.dts, iface);
  const attributes = {};
  const blockTypes = {};
  for (const entry of hclEntries(argsBody)) {
    const prop = props.get(entry.name) ?? fail(`${where}.${entry.name}: not in interface ${iface}`);
    const untypedBlock = entry.storage === "any" && prop.doc.includes(`* ${entry.name} block`);
    if (entry.isBlock || untypedBlock) {
      const nesting = { list: "list", set: "set", struct: "single", simple: "list" }[entry.type];
      if (!nesting) fail(`${where}.${entry.name}: block nesting ${entry.type}`);
      const blockType = { nesting_mode: nesting };
      if (!prop.optional) blockType.min_items = 1;
      if (prop.single && nesting !== "single") blockType.max_items = 1;
      if (untypedBlock) {
        // cdktf types this block `any` (its nesting is too deep); its content is not known.
        blockType.block = { attributes: {}, block_types: {} };
        blockType.untyped = true;
      } else {
        const struct = nesting === "single" ? entry.storage : entry.storage.replace(/List$/, "");
        const fn = `function ${lowerFirst(struct)}ToHclTerraform(struct) {`;
        const at = ctx.js.indexOf(fn);
        if (at < 0) fail(`${where}.${entry.name}: ${fn} not found`);
        const nestedArgs = braced(ctx.js, at + fn.length - 1);
        const nestedClass = classBody(ctx.js, `${struct}OutputReference`) ?? "";
        blockType.block = block(ctx, nestedArgs, struct, nestedClass, `${where}.${entry.name}`);
      }
      blockTypes[entry.name] = blockType;
    } else {
      const attribute = { type: ctyType(entry, `${where}.${entry.name}`) };
      attribute[prop.optional ? "optional" : "required"] = true;
      attributes[entry.name] = attribute;
    }
  }
  for (const [name, attribute] of Object.entries(computedAttributes(ctx.js, cls, where))) {
    if (!(name in attributes) && !(name in blockTypes)) attributes[name] = attribute;
  }
  return { attributes: sorted(attributes), block_types: sorted(blockTypes) };
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function typeSchema(kind, type) {
  const ctx = typeDir(kind, type);
  const cls = classBody(ctx.js, ctx.mainClass);
  const at = cls.indexOf("synthesizeHclAttributes() {");
  if (at < 0) fail(`${type}: synthesizeHclAttributes not found`);
  const args = braced(cls, cls.indexOf("{", at));
  // Usually `<Class>Config`; a name taken by a nested block gets a suffix (`...ConfigA`).
  const config = (ctx.dts.match(/^export interface (\w+) extends cdktf\.TerraformMetaArguments \{/m) ??
    fail(`${type}: no configuration interface`))[1];
  return { version: 0, block: block(ctx, args, config, cls, type) };
}

// --- main ---------------------------------------------------------------------------------------
const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const providerVersion = (readme.match(/hashicorp\/aws provider version (\d+\.\d+\.\d+)/) ??
  fail("the package README does not name the provider version"))[1];

const used = usedTypes(tfDir);
const resources = {};
const dataSources = {};
for (const type of [...used.resource].sort()) resources[type] = typeSchema("resource", type);
for (const type of [...used.data].sort()) dataSources[type] = typeSchema("data", type);

const schema = {
  format_version: "1.0",
  generated_from: `${pkg.name}@${pkg.version} (hashicorp/aws ${providerVersion}) by scripts/provider-schema.sh`,
  provider_schemas: {
    "registry.terraform.io/hashicorp/aws": {
      version: providerVersion,
      resource_schemas: resources,
      data_source_schemas: dataSources,
    },
  },
};
process.stdout.write(JSON.stringify(schema, null, 1) + "\n");
