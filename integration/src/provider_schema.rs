//! The AWS provider's schema, as committed in `terraform/aws-provider-<version>.schema.json` by
//! `make provider-schema` (the layout of `terraform providers schema -json`, a subset: see
//! terraform/README.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::repo_root;

/// The provider version the environments pin and the committed schema describes.
pub const AWS_PROVIDER_VERSION: &str = "5.100.0";

/// The make target that refreshes the committed schema.
pub const REFRESH_COMMAND: &str = "make provider-schema";

const PROVIDER_ADDRESS: &str = "registry.terraform.io/hashicorp/aws";

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a provider schema: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} has no schema of {PROVIDER_ADDRESS}")]
    NoProvider { path: PathBuf },
}

/// The committed schema file of [`AWS_PROVIDER_VERSION`].
pub fn committed_schema_path() -> PathBuf {
    repo_root().join(format!(
        "terraform/aws-provider-{AWS_PROVIDER_VERSION}.schema.json"
    ))
}

#[derive(Debug, Deserialize)]
struct SchemaFile {
    provider_schemas: BTreeMap<String, ProviderSchema>,
}

/// The resource and data source types of one provider.
#[derive(Debug, Deserialize)]
pub struct ProviderSchema {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub resource_schemas: BTreeMap<String, TypeSchema>,
    #[serde(default)]
    pub data_source_schemas: BTreeMap<String, TypeSchema>,
    /// Where the schema was read from, for messages (not part of the file).
    #[serde(skip)]
    pub file_name: String,
}

#[derive(Debug, Deserialize)]
pub struct TypeSchema {
    pub block: BlockSchema,
}

/// The arguments, read-only attributes and nested blocks of a type or of one of its blocks.
#[derive(Debug, Default, Deserialize)]
pub struct BlockSchema {
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeSchema>,
    #[serde(default)]
    pub block_types: BTreeMap<String, BlockType>,
}

#[derive(Debug, Deserialize)]
pub struct AttributeSchema {
    /// A cty type in its JSON form: `"string"`, `["list", "string"]`, `["object", {...}]`.
    #[serde(rename = "type", default)]
    pub value_type: serde_json::Value,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub computed: bool,
}

impl AttributeSchema {
    /// Set by the provider only: an argument may not be given.
    pub fn read_only(&self) -> bool {
        self.computed && !self.optional && !self.required
    }

    pub fn cty(&self) -> Cty {
        Cty::from_json(&self.value_type)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nesting {
    Single,
    Group,
    List,
    Set,
    Map,
}

#[derive(Debug, Deserialize)]
pub struct BlockType {
    pub nesting_mode: Nesting,
    #[serde(default)]
    pub min_items: u64,
    /// 0: no limit (as in Terraform's own schema output).
    #[serde(default)]
    pub max_items: u64,
    #[serde(default)]
    pub block: BlockSchema,
    /// The block exists but its content is not known (cdktf types it `any`): not checked.
    #[serde(default)]
    pub untyped: bool,
}

impl BlockType {
    /// How many times the block may be written, if limited.
    pub fn max(&self) -> Option<u64> {
        match self.nesting_mode {
            Nesting::Single | Nesting::Group => Some(1),
            _ => (self.max_items > 0).then_some(self.max_items),
        }
    }
}

/// A value type, as far as references into it are checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Cty {
    Primitive(String),
    List(Box<Cty>),
    Set(Box<Cty>),
    Map(Box<Cty>),
    Object(BTreeMap<String, Cty>),
    Dynamic,
}

impl Cty {
    pub fn from_json(value: &serde_json::Value) -> Cty {
        use serde_json::Value;
        match value {
            Value::String(s) if s == "dynamic" => Cty::Dynamic,
            Value::String(s) => Cty::Primitive(s.clone()),
            Value::Array(parts) => match (parts.first().and_then(Value::as_str), parts.get(1)) {
                (Some("list"), Some(inner)) => Cty::List(Box::new(Cty::from_json(inner))),
                (Some("set"), Some(inner)) => Cty::Set(Box::new(Cty::from_json(inner))),
                (Some("map"), Some(inner)) => Cty::Map(Box::new(Cty::from_json(inner))),
                (Some("object"), Some(Value::Object(fields))) => Cty::Object(
                    fields
                        .iter()
                        .map(|(k, v)| (k.clone(), Cty::from_json(v)))
                        .collect(),
                ),
                _ => Cty::Dynamic,
            },
            _ => Cty::Dynamic,
        }
    }
}

/// Which kind of type a block declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    Managed,
    Data,
}

impl Mode {
    pub fn noun(self) -> &'static str {
        match self {
            Mode::Managed => "resource",
            Mode::Data => "data source",
        }
    }
}

impl ProviderSchema {
    pub fn load(path: &Path) -> Result<ProviderSchema, SchemaError> {
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut file: SchemaFile =
            serde_json::from_str(&text).map_err(|source| SchemaError::Parse {
                path: path.to_owned(),
                source,
            })?;
        let mut schema = file
            .provider_schemas
            .remove(PROVIDER_ADDRESS)
            .ok_or_else(|| SchemaError::NoProvider {
                path: path.to_owned(),
            })?;
        schema.file_name = path
            .strip_prefix(repo_root())
            .unwrap_or(path)
            .display()
            .to_string();
        Ok(schema)
    }

    /// The committed schema of [`AWS_PROVIDER_VERSION`].
    pub fn committed() -> Result<ProviderSchema, SchemaError> {
        ProviderSchema::load(&committed_schema_path())
    }

    pub fn types(&self, mode: Mode) -> &BTreeMap<String, TypeSchema> {
        match mode {
            Mode::Managed => &self.resource_schemas,
            Mode::Data => &self.data_source_schemas,
        }
    }

    pub fn type_schema(&self, mode: Mode, name: &str) -> Option<&BlockSchema> {
        self.types(mode).get(name).map(|t| &t.block)
    }
}
