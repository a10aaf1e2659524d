//! `lnp-archive-split`: rebuilds the release `liblnp.a` the way a C library
//! is built, as an archive of small objects, so that a plain
//! `cc prog.c liblnp.a` takes only the code the program reaches.
//!
//! ```text
//! lnp-archive-split --roots target/release/liblnp.so target/release/liblnp.a build/lib/liblnp.a
//! ```
//!
//! 1. The public names are the symbols the shared library exports (its
//!    version script is written by build.rs from every `lnp_rs_NAME`, so the
//!    list follows the sources without being repeated here).
//! 2. `ld -r` combines the members of the cargo archive that those names
//!    need into one relocatable object: the linker resolves every internal
//!    reference and merges duplicate COMDAT groups.
//! 3. Every allocated section of that object (rustc and cc put each function
//!    and each static in its own section) is labelled with the set of public
//!    names from which it is reachable; the sections with the same label
//!    make one new object. No section is ever copied into two objects, so
//!    every static, per-thread buffer and `daemon_proc` still exists once.
//!    `.eh_frame` is split with its functions; an initializer
//!    (`.init_array`) goes with the data its function writes.
//! 4. A reference between two new objects goes through a global symbol:
//!    local symbols and sections referenced from another object get a hidden
//!    global name with a `.lnp` suffix (never a C identifier); debug
//!    sections, LLVM bitcode (`.llvmbc`, which binutils' LLVM plugin cannot
//!    read) and unreachable code are left out.
//! 5. `ar` writes the new archive.

mod ehframe;
mod emit;
mod graph;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use object::{Object, ObjectSymbol};

type Result<T> = std::result::Result<T, String>;
/// The combined relocatable object (x86_64 ELF).
type File<'d> = object::read::elf::ElfFile64<'d>;
/// A section of [`File`].
type Section<'d, 'f> = object::read::elf::ElfSection64<'d, 'f>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lnp-archive-split: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [flag, roots_from, input, output] = args.as_slice() else {
        return Err("usage: lnp-archive-split --roots LIB.so INPUT.a OUTPUT.a".into());
    };
    if flag != "--roots" {
        return Err(format!("unknown option {flag}"));
    }
    let roots = public_names(Path::new(roots_from))?;
    let output = PathBuf::from(output);
    let work = output.with_extension("a.parts");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;

    let combined = work.join("combined.o");
    let mut ld = Command::new(std::env::var("LD").unwrap_or_else(|_| "ld".into()));
    ld.arg("-r").arg("-o").arg(&combined);
    for name in &roots {
        ld.arg("-u").arg(name);
    }
    ld.arg(input);
    run_tool(&mut ld)?;

    let data = fs::read(&combined).map_err(|e| format!("{}: {e}", combined.display()))?;
    let file = File::parse(&*data).map_err(|e| format!("{}: {e}", combined.display()))?;
    let plan = graph::Plan::new(&file, &roots)?;
    let members = emit::write_members(&file, &plan, &work)?;

    let partial = output.with_extension("a.tmp");
    let _ = fs::remove_file(&partial);
    let mut ar = Command::new(std::env::var("AR").unwrap_or_else(|_| "ar".into()));
    ar.arg("rcD").arg(&partial).args(&members);
    run_tool(&mut ar)?;
    fs::rename(&partial, &output).map_err(|e| format!("{}: {e}", output.display()))?;
    fs::remove_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;

    let size = fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
    println!(
        "lnp-archive-split: {}: {} members for {} public names, {size} bytes ({} pieces kept, {} left out)",
        output.display(),
        members.len(),
        roots.len(),
        plan.kept_pieces(),
        plan.dropped_pieces(),
    );
    Ok(())
}

/// The defined dynamic symbols of the shared library: every public name and
/// every `lnp_rs_*` entry point, sorted.
fn public_names(so: &Path) -> Result<Vec<String>> {
    let data = fs::read(so).map_err(|e| format!("{}: {e}", so.display()))?;
    let file = File::parse(&*data).map_err(|e| format!("{}: {e}", so.display()))?;
    let mut names: Vec<String> = file
        .dynamic_symbols()
        .filter(|s| !s.is_undefined() && s.is_global())
        .filter_map(|s| s.name().ok().map(str::to_owned))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Err(format!("{}: no exported names", so.display()));
    }
    Ok(names)
}

fn run_tool(command: &mut Command) -> Result<()> {
    let status = command.status().map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    if status.success() { Ok(()) } else { Err(format!("{:?} failed: {status}", command.get_program())) }
}
