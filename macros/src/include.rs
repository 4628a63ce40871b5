//! `include_model!("file.cajal")`: the items of a model file, generated in place.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// `"path"` with an optional `, runtime = path`.
struct Args {
    file: LitStr,
    runtime: Option<syn::Path>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let file: LitStr = input.parse()?;
        let mut runtime = None;
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "runtime" {
                return Err(syn::Error::new(key.span(), "expected `runtime = path`"));
            }
            input.parse::<Token![=]>()?;
            runtime = Some(input.parse()?);
            let _ = input.parse::<Option<Token![,]>>()?;
        }
        Ok(Args { file, runtime })
    }
}

pub fn expand(input: TokenStream) -> TokenStream {
    let args = match syn::parse2::<Args>(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    let relative = args.file.value();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&root).join(&relative);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let message = format!("cannot read `{}`: {e}", path.display());
            return syn::Error::new(args.file.span(), message).to_compile_error();
        }
    };
    let options = cajal_codegen::Options {
        runtime: match &args.runtime {
            Some(p) => quote!(#p),
            None => quote!(::cajal::runtime),
        },
        spans: None,
        files_dir: cajal_codegen::parent_dir(std::path::Path::new(&relative)),
    };
    let generated = match cajal_codegen::generate(&text, &options) {
        Ok(tokens) => tokens,
        Err(diags) => {
            let message = diags.render(&relative, &text);
            let mut out = syn::Error::new(args.file.span(), message).to_compile_error();
            out.extend(crate::error::stubs(&text));
            return out;
        }
    };
    // Reading the file through `include_bytes!` makes Cargo rebuild when it changes.
    let tracked = path.display().to_string();
    quote! {
        const _: &[u8] = ::core::include_bytes!(#tracked);
        #generated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_file(text: &str) -> String {
        let path = std::env::temp_dir().join(format!(
            "cajal-include-{}-{}.cajal",
            std::process::id(),
            text.len()
        ));
        std::fs::write(&path, text).unwrap();
        let literal = path.display().to_string();
        let out = expand(quote!(#literal, runtime = ::cajal_runtime)).to_string();
        std::fs::remove_file(&path).unwrap();
        out
    }

    #[test]
    fn a_valid_file_expands_to_its_items_and_tracks_the_file() {
        let out = expand_file("mass M { state { x = 1 } equations { dx/dt = -x/(1 ms) } }");
        assert!(out.contains("include_bytes"), "{out}");
        assert!(
            out.contains("pub struct M") || out.contains("struct M"),
            "{out}"
        );
        assert!(
            out.contains(":: cajal_runtime :: __private :: Model for M"),
            "{out}"
        );
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let out = expand_file("mass M {\n  state { x = 1 }\n  equations { dx/dt = -x/tau }\n}\n");
        assert!(out.contains("compile_error"), "{out}");
        assert!(
            out.contains("unknown name `tau`") && out.contains(":3:"),
            "{out}"
        );
        assert!(out.contains("pub struct M"), "a stub of the item: {out}");
        let syntax = expand_file("network Net {\n  timestep 0.1 ms\n  state { v = 0 mV }\n}\n");
        assert!(
            syntax.contains("`state` is not a section of a network item"),
            "{syntax}"
        );
        assert!(
            syntax.contains("pub struct Net"),
            "a stub of the network: {syntax}"
        );
        let missing = expand(quote!("/no/such/file.cajal")).to_string();
        assert!(missing.contains("cannot read"), "{missing}");
    }
}
