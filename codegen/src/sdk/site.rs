//! Stage 1b: the China site's spec (`specs/`) and the international site's (`specs-en/`)
//! of a product version, as one, with its published examples (`specs-examples/`) and the
//! error codes each action is documented to return: everything [`super::plan`] builds the
//! model from, each file read here once.
//!
//! The China shape wins: an action, object or member both sites define is taken from
//! `specs/` (types, required flags and docs). What only the international site defines is
//! added and marked, so the docs can say so: its actions with their objects, and the
//! members an object has there only (optional on the China site, where the API does not
//! know them). A version only the international site publishes is all marked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::model::{PublishedExample, Source};
use super::spec::{self, Spec, SpecError};
use crate::action_index::{self, ActionCodes};

/// Which site publishes an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Site {
    /// `specs/` (and maybe the international site too).
    China,
    /// `specs-en/` only.
    International,
}

/// The folders of the two sites, under the data directory.
pub const FOLDERS: [(&str, Site); 2] = [("specs", Site::China), ("specs-en", Site::International)];

/// The folder of the published examples, named like the spec files.
pub const EXAMPLES: &str = "specs-examples";

/// A spec as one site publishes it, with its file.
type SiteSpec = (Site, Source, Spec);

/// Reads a spec file of `folder` and pins it by its content.
fn read_source(folder: &str, file: PathBuf) -> Result<(Source, String), SpecError> {
    use sha2::Digest as _;
    let text = std::fs::read_to_string(&file).map_err(|e| SpecError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let sha256 = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = format!("{folder}/{}", tcapi_codes::builtin::file_name_of(&file));
    Ok((Source { file, name, sha256 }, text))
}

/// One product version, both sites merged.
#[derive(Debug, Clone)]
pub struct MergedSpec {
    /// The union, in the China site's shape.
    pub spec: Spec,
    /// The files it was read from, China first.
    pub sources: Vec<Source>,
    /// Whether the China site publishes this version at all.
    pub on_china_site: bool,
    /// Actions and objects only the international site defines.
    pub international_only: BTreeSet<String>,
    /// Members (`(object, member)`) only the international site defines.
    pub international_only_members: BTreeSet<(String, String)>,
    /// The name of the file of the version's published examples under the data directory
    /// (`specs-examples/cvm-v20170312.json`, named like the version's first spec file).
    pub examples_file: String,
    /// The published examples of each action (`specs-examples/`), in the published order;
    /// none when the file is absent.
    pub examples: BTreeMap<String, Vec<PublishedExample>>,
    /// The error codes each action is documented to return (the action index of
    /// `codes/sources`), sorted.
    pub error_codes: ActionCodes,
}

impl MergedSpec {
    /// The version's first file, to name in errors.
    pub fn file(&self) -> &Path {
        &self.sources[0].file
    }
}

/// Every spec of both sites, merged per product version: product → versions, oldest first.
/// A product is its `metadata.serviceShortName`, not the file prefix (`autoscaling` is `as`).
pub fn product_specs(spec_dir: &Path) -> Result<BTreeMap<String, Vec<MergedSpec>>, SpecError> {
    let mut found: BTreeMap<(String, String), Vec<SiteSpec>> = BTreeMap::new();
    for (folder, site) in FOLDERS {
        let dir = spec_dir.join(folder);
        if site == Site::International && !dir.is_dir() {
            continue;
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| SpecError::Io {
            file: dir.clone(),
            message: e.to_string(),
        })?;
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(spec::parse_file_name)
                    .is_some()
            })
            .collect();
        files.sort();
        for file in files {
            let (source, text) = read_source(folder, file)?;
            let spec = spec::parse(&source.file, &text)?;
            let key = (
                spec.metadata.service_short_name.clone(),
                spec.metadata.api_version.clone(),
            );
            let same_site = found
                .get(&key)
                .into_iter()
                .flatten()
                .find(|(s, _, _)| *s == site);
            if let Some((_, first, _)) = same_site {
                return Err(SpecError::Invalid {
                    file: source.file,
                    at: "metadata".into(),
                    message: format!(
                        "`{}` version {} is also {}",
                        key.0,
                        key.1,
                        first.file.display()
                    ),
                });
            }
            found.entry(key).or_default().push((site, source, spec));
        }
    }
    let index = tcapi_codes::builtin::actions_path();
    let mut error_codes = action_index::by_version(&index).map_err(|e| SpecError::Io {
        file: index.clone(),
        message: e.to_string(),
    })?;
    let mut products: BTreeMap<String, Vec<MergedSpec>> = BTreeMap::new();
    for ((product, version), mut sites) in found {
        sites.sort_by_key(|(site, _, _)| *site);
        let mut sites = sites.into_iter();
        if let Some(first) = sites.next() {
            let mut merged = merge(first, sites);
            let name = tcapi_codes::builtin::file_name_of(merged.file());
            merged.examples = read_examples(&spec_dir.join(EXAMPLES).join(&name))?;
            merged.examples_file = format!("{EXAMPLES}/{name}");
            let key = (product.clone(), super::names::version_module(&version));
            merged.error_codes = error_codes.remove(&key).unwrap_or_default();
            products.entry(product).or_default().push(merged);
        }
    }
    Ok(products)
}

/// The published examples of one product version (`specs-examples/<file>`) by action, in the
/// published order. A missing file is no examples.
fn read_examples(file: &Path) -> Result<BTreeMap<String, Vec<PublishedExample>>, SpecError> {
    #[derive(serde::Deserialize)]
    struct Examples {
        actions: BTreeMap<String, Vec<RawExample>>,
    }
    #[derive(serde::Deserialize)]
    struct RawExample {
        #[serde(default)]
        input: String,
        #[serde(default)]
        output: String,
    }
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(SpecError::Io {
                file: file.to_owned(),
                message: e.to_string(),
            })
        }
    };
    let examples: Examples = spec::from_json(file, &text)?;
    Ok(examples
        .actions
        .into_iter()
        .map(|(action, examples)| {
            let examples = examples
                .into_iter()
                .map(|e| PublishedExample {
                    request: e.input,
                    response: e.output,
                })
                .collect();
            (action, examples)
        })
        .collect())
}

/// The union of one version's specs: the first site's (China's when it has one) and the
/// others'.
fn merge(first: SiteSpec, others: impl Iterator<Item = SiteSpec>) -> MergedSpec {
    let (first_site, first_source, mut spec) = first;
    let mut merged = MergedSpec {
        sources: vec![first_source],
        on_china_site: first_site == Site::China,
        international_only: BTreeSet::new(),
        international_only_members: BTreeSet::new(),
        examples_file: String::new(),
        examples: BTreeMap::new(),
        error_codes: BTreeMap::new(),
        spec: Spec {
            metadata: spec.metadata.clone(),
            actions: BTreeMap::new(),
            objects: BTreeMap::new(),
        },
    };
    if first_site == Site::International {
        merged
            .international_only
            .extend(spec.actions.keys().cloned());
        merged
            .international_only
            .extend(spec.objects.keys().cloned());
    }
    std::mem::swap(&mut merged.spec.actions, &mut spec.actions);
    std::mem::swap(&mut merged.spec.objects, &mut spec.objects);
    for (_, source, other) in others {
        merged.sources.push(source);
        for (name, action) in other.actions {
            match merged.spec.actions.get_mut(&name) {
                Some(china) => china.english = Some((action.name, action.document)),
                None => {
                    merged.international_only.insert(name.clone());
                    merged.spec.actions.insert(name, action);
                }
            }
        }
        for (name, object) in other.objects {
            match merged.spec.objects.get_mut(&name) {
                None => {
                    merged.international_only.insert(name.clone());
                    merged.spec.objects.insert(name, object);
                }
                Some(china) => {
                    china.document_en = Some(object.document);
                    for mut member in object.members {
                        if let Some(same) = china.members.iter_mut().find(|m| m.name == member.name)
                        {
                            same.document_en = Some(member.document);
                        } else {
                            merged
                                .international_only_members
                                .insert((name.clone(), member.name.clone()));
                            // The China site's API does not know it: never required.
                            member.required = false;
                            china.members.push(member);
                        }
                    }
                }
            }
        }
    }
    merged
}
