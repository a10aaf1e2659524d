//! The original library's headers beside unp.h (include/unpthread.h,
//! unpifi.h, unprtt.h, written by hand): each compiles cleanly alone as C99,
//! C11, GNU C and C++, in any order with lnp.h and unp.h; lnp.h alone
//! declares none of their names (a program may have its own `struct
//! ifi_info`); and the C structures have the Rust types' layout.

use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use lnp::rtt::Rtt;
use lnp::sys::IfiInfo;

const HEADERS: [&str; 3] = ["unpthread.h", "unpifi.h", "unprtt.h"];

fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// Compile (and with `run`, link and run) `text`; the program's stdout, or the diagnostics.
fn build(compiler: &str, args: &[&str], text: &str, run: bool) -> Result<String, String> {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "lnp-superset-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join(if compiler.contains("++") { "t.cc" } else { "t.c" });
    std::fs::write(&src, text).unwrap();
    let exe = dir.join("t");
    let mut cmd = Command::new(compiler);
    cmd.args(args).arg("-I").arg(include_dir()).arg(&src);
    if run {
        cmd.arg("-o").arg(&exe)
    } else {
        cmd.arg("-fsyntax-only")
    };
    let out = cmd.output().map_err(|e| format!("cannot run {compiler}: {e}"))?;
    let diag = String::from_utf8_lossy(&out.stderr).into_owned();
    let result = if !out.status.success() || !diag.is_empty() {
        Err(format!("{compiler} {args:?}:\n{diag}\n{text}"))
    } else if run {
        let ran = Command::new(&exe).output().map_err(|e| e.to_string())?;
        Ok(String::from_utf8_lossy(&ran.stdout).into_owned())
    } else {
        Ok(String::new())
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn headers_compile_alone_and_in_any_order() {
    let cases: &[(&str, &[&str])] =
        &[("cc", &["-std=c99", "-pedantic"]), ("cc", &["-std=c11", "-pedantic"]), ("cc", &[]), ("c++", &["-pedantic"])];
    let mut errors = Vec::new();
    for (compiler, extra) in cases {
        let args: Vec<&str> = ["-Wall", "-Wextra", "-Werror"].iter().chain(extra.iter()).copied().collect();
        let mut texts: Vec<String> = HEADERS.iter().map(|h| format!("#include \"{h}\"\n#include \"{h}\"\n")).collect();
        texts.push(HEADERS.iter().map(|h| format!("#include \"{h}\"\n")).collect::<String>() + "#include \"lnp.h\"\n");
        texts.push(
            "#include \"unp.h\"\n".to_string()
                + &HEADERS.iter().rev().map(|h| format!("#include \"{h}\"\n")).collect::<String>(),
        );
        texts.push("#include \"lnp.h\"\n#include \"unprtt.h\"\n#include \"unp.h\"\n#include \"unpifi.h\"\n#include \"unpthread.h\"\n".into());
        for text in texts {
            if let Err(e) = build(compiler, &args, &(text + "int main(void) { return 0; }\n"), false) {
                errors.push(e);
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn lnp_h_leaves_the_names_to_the_program() {
    // A program of its own with these names, as programs written before lnp had them.
    let own = "#include \"lnp.h\"\n\
               struct ifi_info { int mine; };\n\
               struct rtt_info { double mine; };\n\
               static int get_ifi_info(int x) { return x; }\n\
               static int rtt_init(int x) { return x; }\n\
               static int Pthread_create(int x) { return x; }\n\
               int rtt_d_flag = 3;\n\
               int main(void) { struct ifi_info i = {1}; struct rtt_info r = {2}; \
               return get_ifi_info(i.mine) + rtt_init((int)r.mine) + Pthread_create(0) - 3 + rtt_d_flag - 3; }\n";
    build("cc", &["-Wall", "-Wextra", "-Werror"], own, false).unwrap();
}

#[test]
fn c_layouts_are_the_rust_layouts() {
    let program = r#"
#include "unpifi.h"
#include "unprtt.h"
#include <stddef.h>
#define F(f) printf("%zu %zu\n", offsetof(struct ifi_info, f), sizeof(((struct ifi_info *)0)->f));
int main(void)
{
    F(ifi_name) F(ifi_index) F(ifi_mtu) F(ifi_haddr) F(ifi_hlen) F(ifi_flags) F(ifi_myflags)
    F(ifi_addr) F(ifi_brdaddr) F(ifi_dstaddr) F(ifi_next)
    printf("%zu %zu\n", sizeof(struct ifi_info), _Alignof(struct ifi_info));
    printf("%zu %zu\n", sizeof(struct rtt_info), _Alignof(struct rtt_info));
    return 0;
}
"#;
    let got = build("cc", &["-Wall", "-Werror"], program, true).unwrap();
    let f = |off: usize, size: usize| format!("{off} {size}\n");
    let want = [
        f(offset_of!(IfiInfo, ifi_name), 16),
        f(offset_of!(IfiInfo, ifi_index), 2),
        f(offset_of!(IfiInfo, ifi_mtu), 2),
        f(offset_of!(IfiInfo, ifi_haddr), 8),
        f(offset_of!(IfiInfo, ifi_hlen), 2),
        f(offset_of!(IfiInfo, ifi_flags), 2),
        f(offset_of!(IfiInfo, ifi_myflags), 2),
        f(offset_of!(IfiInfo, ifi_addr), size_of::<usize>()),
        f(offset_of!(IfiInfo, ifi_brdaddr), size_of::<usize>()),
        f(offset_of!(IfiInfo, ifi_dstaddr), size_of::<usize>()),
        f(offset_of!(IfiInfo, ifi_next), size_of::<usize>()),
        f(size_of::<IfiInfo>(), align_of::<IfiInfo>()),
        f(size_of::<Rtt>(), align_of::<Rtt>()),
    ]
    .concat();
    assert_eq!(got, want);
}
