//! Writes the widget's language files, `texts-{code}.json` for each language, into the
//! folder named by the first argument. The widget build places them next to the wasm.

use std::path::PathBuf;
use std::process::ExitCode;

use portal_domain::Locale;
use portal_widget::i18n::language_file;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: widget-texts <folder>");
        return ExitCode::from(2);
    };
    for locale in Locale::ALL {
        let path = dir.join(format!("texts-{}.json", locale.code()));
        if let Err(e) = std::fs::write(&path, language_file(locale)) {
            eprintln!("widget-texts: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
