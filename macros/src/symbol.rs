use std::fmt::{self, Display};

use syn::{Ident, Path};

#[derive(Copy, Clone)]
pub struct Symbol(&'static str);

// #[tcapi::error_codes(...)]
pub const PRODUCT: Symbol = Symbol("product");
pub const VERSION: Symbol = Symbol("version");
pub const PATH: Symbol = Symbol("path");
pub const ALL_PRODUCTS: Symbol = Symbol("all_products");
pub const COMMON: Symbol = Symbol("common");

// #[tencent(...)]
pub const TENCENT: Symbol = Symbol("tencent");
pub const CODES: Symbol = Symbol("codes");
pub const RENAME: Symbol = Symbol("rename");
pub const DEFAULT: Symbol = Symbol("default");
pub const FLATTEN: Symbol = Symbol("flatten");
pub const REQUEST_ID: Symbol = Symbol("request_id");
pub const LENIENT: Symbol = Symbol("lenient");

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
