//! The name of a function from its address, for `LNP_TRACE`'s
//! `Signal(SIGCHLD, sig_chld)`: without `-rdynamic`, static or shared.
//!
//! First `dladdr(3)`, which knows the exported symbols of shared objects
//! (and of a program linked with `-rdynamic`); then the program's own ELF
//! symbol table, read from `/proc/self/exe` (`.symtab`, then `.dynsym`),
//! whose values are moved by the load address of a position-independent
//! program. A symbol counts only if its value is the address exactly. A
//! stripped program gives the address in hex (`0x55d0c8a01234`). Rust's
//! mangled names (`_ZN4prog8on_usr117h0123456789abcdefE`) are shown as paths
//! (`prog::on_usr1`). Fixed buffers on the stack, `open`/`pread`/`close`
//! only, no allocation and no panic path.

use std::mem::{MaybeUninit, size_of};
use std::sync::atomic::{AtomicPtr, Ordering};

use libc::{Elf64_Ehdr, Elf64_Shdr, Elf64_Sym, c_int, c_void};

/// Longest name kept; longer ones are cut.
pub(crate) const NAME_LEN: usize = 48;

/// A function's name, or its address in hex.
#[derive(Clone, Copy)]
pub(crate) struct Name {
    buf: [u8; NAME_LEN],
    len: usize,
}

impl Name {
    /// The name's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(b"")
    }

    /// The bytes of `text` (cut to [`NAME_LEN`]) as a name.
    pub(crate) fn from_bytes(text: &[u8]) -> Name {
        let mut name = Name { buf: [0; NAME_LEN], len: 0 };
        name.len = name.buf.iter_mut().zip(text).map(|(dst, &b)| *dst = b).count();
        name
    }

    /// Append bytes, cut at the end of the buffer.
    fn push(&mut self, bytes: &[u8]) {
        self.len += self.buf.iter_mut().skip(self.len).zip(bytes).map(|(dst, &b)| *dst = b).count();
    }
}

/// [`function_name`] once a traced call has asked for names ([`enable`]); NULL before.
///
/// The tracer reaches the ELF reader only through this pointer, so a program
/// that never calls `Signal`, `Pthread_create`, ... does not link it.
static NAMER: AtomicPtr<()> = AtomicPtr::new(std::ptr::null_mut());

/// Let the tracer name functions from now on (called by the traced calls that take one).
pub(crate) fn enable() {
    // black_box: keeps the optimizer from turning the pointer into a flag and a direct call.
    NAMER.store(std::hint::black_box(function_name as fn(usize) -> Name as *mut ()), Ordering::Relaxed);
}

/// `addr` as the tracer shows a function: its name after [`enable`], else `0x...`.
pub(crate) fn name_or_hex(addr: usize) -> Name {
    let namer = NAMER.load(Ordering::Relaxed);
    if namer.is_null() {
        return hex(addr);
    }
    // SAFETY: the only non-NULL value ever stored is `function_name`, a `fn(usize) -> Name`.
    let namer = unsafe { std::mem::transmute::<*mut (), fn(usize) -> Name>(namer) };
    namer(addr)
}

/// A function argument for the tracer (`Pthread_create`'s start routine), with naming [`enable`]d.
pub(crate) fn func(addr: usize) -> crate::trace::Arg {
    enable();
    crate::trace::Arg::Func(addr)
}

/// The name of the function at `addr`: its symbol, or `0x...`.
pub(crate) fn function_name(addr: usize) -> Name {
    let mut raw = [0u8; NAME_LEN + 32];
    let len = dl_name(addr, &mut raw).or_else(|| exe_name(addr, &mut raw)).unwrap_or(0);
    match raw.get(..len) {
        Some(found) if !found.is_empty() => demangled(found),
        _ => hex(addr),
    }
}

/// `0x` and the address in lower-case hex.
pub(crate) fn hex(addr: usize) -> Name {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut name = Name::from_bytes(b"0x");
    let nibbles = (usize::BITS as usize / 4) - (addr.leading_zeros() as usize / 4);
    for i in (0..nibbles.max(1)).rev() {
        name.push(&[DIGITS.get((addr >> (i * 4)) & 15).copied().unwrap_or(b'0')]);
    }
    name
}

/// A Rust legacy-mangled name (`_ZN` length-prefixed parts `E`) as `a::b`,
/// without the trailing hash part; any other name unchanged.
fn demangled(raw: &[u8]) -> Name {
    let Some(mut rest) = raw.strip_prefix(b"_ZN") else { return Name::from_bytes(raw) };
    let mut name = Name::from_bytes(b"");
    while let Some(&first) = rest.first()
        && first.is_ascii_digit()
    {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let n = rest
            .get(..digits)
            .unwrap_or(b"")
            .iter()
            .fold(0usize, |n, &d| n.saturating_mul(10).saturating_add(usize::from(d.wrapping_sub(b'0'))));
        let end = digits.saturating_add(n);
        let Some(part) = rest.get(digits..end) else { return Name::from_bytes(raw) };
        rest = rest.get(end..).unwrap_or(b"");
        let is_hash = part.len() == 17 && part.first() == Some(&b'h') && rest == b"E";
        if !is_hash {
            if name.len > 0 {
                name.push(b"::");
            }
            name.push(part);
        }
    }
    if rest == b"E" && name.len > 0 { name } else { Name::from_bytes(raw) }
}

/// The exact symbol `dladdr` finds for `addr`, copied into `out`; its length.
fn dl_name(addr: usize, out: &mut [u8]) -> Option<usize> {
    let mut info = MaybeUninit::<libc::Dl_info>::zeroed();
    // SAFETY: dladdr only reads the loader's tables and fills `info`.
    if unsafe { libc::dladdr(addr as *const c_void, info.as_mut_ptr()) } == 0 {
        return None;
    }
    // SAFETY: dladdr succeeded and filled the structure (zeroed before).
    let info = unsafe { info.assume_init() };
    if info.dli_sname.is_null() || info.dli_saddr as usize != addr {
        return None;
    }
    // SAFETY: dli_sname is a NUL-terminated string of the loader's.
    let name = unsafe { std::ffi::CStr::from_ptr(info.dli_sname) }.to_bytes();
    Some(out.iter_mut().zip(name).map(|(dst, &b)| *dst = b).count())
}

/// `/proc/self/exe`, open for reading; closed when dropped.
struct Exe(c_int);

impl Drop for Exe {
    fn drop(&mut self) {
        // SAFETY: the descriptor is this value's own.
        unsafe { libc::close(self.0) };
    }
}

impl Exe {
    /// Read a `T` (plain old data) at file offset `at`.
    fn read<T: Copy>(&self, at: u64) -> Option<T> {
        let mut value = MaybeUninit::<T>::zeroed();
        let at = libc::off_t::try_from(at).ok()?;
        // SAFETY: the buffer is size_of::<T>() writable bytes.
        let n = unsafe { libc::pread(self.0, value.as_mut_ptr().cast(), size_of::<T>(), at) };
        // SAFETY: T is an ELF structure of integers: every bit pattern is valid (and it was zeroed).
        (usize::try_from(n).ok()? == size_of::<T>()).then(|| unsafe { value.assume_init() })
    }
}

/// The symbol of the running program whose value is `addr`, copied into `out`; its length.
fn exe_name(addr: usize, out: &mut [u8]) -> Option<usize> {
    // SAFETY: a constant NUL-terminated path, plain flags.
    let fd = unsafe { libc::open(c"/proc/self/exe".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return None;
    }
    let exe = Exe(fd);
    let eh: Elf64_Ehdr = exe.read(0)?;
    if eh.e_ident.get(..5)? != b"\x7fELF\x02" || usize::from(eh.e_shentsize) != size_of::<Elf64_Shdr>() {
        return None;
    }
    // A position-independent program is loaded at a base: where its program headers are now, minus their offset.
    let base = if eh.e_type == libc::ET_DYN {
        // SAFETY: getauxval has no preconditions.
        (unsafe { libc::getauxval(libc::AT_PHDR) } as usize).wrapping_sub(eh.e_phoff as usize)
    } else {
        0
    };
    let value = addr.wrapping_sub(base) as u64;
    let section = |i: u16| exe.read::<Elf64_Shdr>(eh.e_shoff + u64::from(i) * size_of::<Elf64_Shdr>() as u64);
    for kind in [SHT_SYMTAB, SHT_DYNSYM] {
        for i in 0..eh.e_shnum {
            let Some(sh) = section(i) else { continue };
            if sh.sh_type != kind || sh.sh_entsize != size_of::<Elf64_Sym>() as u64 {
                continue;
            }
            let Some(strtab) = section(u16::try_from(sh.sh_link).ok()?) else { continue };
            if let Some(len) = find_symbol(&exe, &sh, &strtab, value, out) {
                return Some(len);
            }
        }
    }
    None
}

/// ELF section types: the full symbol table, the dynamic one.
const SHT_SYMTAB: u32 = 2;
const SHT_DYNSYM: u32 = 11;
/// ELF symbol types: none, function.
const STT_NOTYPE: u8 = 0;
const STT_FUNC: u8 = 2;

/// Symbols read per `pread`.
const SYMS_PER_READ: usize = 32;

/// In the symbol table `sh` (names in `strtab`), a named symbol of value `value`, copied into `out`.
fn find_symbol(exe: &Exe, sh: &Elf64_Shdr, strtab: &Elf64_Shdr, value: u64, out: &mut [u8]) -> Option<usize> {
    const SYM: usize = size_of::<Elf64_Sym>();
    let mut batch =
        [Elf64_Sym { st_name: 0, st_info: 0, st_other: 0, st_shndx: 0, st_value: 0, st_size: 0 }; SYMS_PER_READ];
    let mut done = 0u64;
    while done < sh.sh_size {
        let want = usize::try_from(sh.sh_size - done).unwrap_or(usize::MAX).min(SYMS_PER_READ * SYM);
        let at = libc::off_t::try_from(sh.sh_offset + done).ok()?;
        // SAFETY: the batch is SYMS_PER_READ * SYM writable bytes, and `want` is at most that.
        let n = unsafe { libc::pread(exe.0, batch.as_mut_ptr().cast(), want, at) };
        let n = usize::try_from(n).ok().filter(|&n| n >= SYM)?;
        for sym in batch.iter().take(n / SYM) {
            let is_code = matches!(sym.st_info & 0xf, STT_FUNC | STT_NOTYPE);
            if sym.st_value == value && sym.st_name != 0 && is_code && sym.st_shndx != 0 {
                return read_string(exe, strtab.sh_offset + u64::from(sym.st_name), out);
            }
        }
        done += (n / SYM * SYM) as u64;
    }
    None
}

/// The NUL-terminated string at `at`, copied into `out` (cut to its size); its length.
fn read_string(exe: &Exe, at: u64, out: &mut [u8]) -> Option<usize> {
    let at = libc::off_t::try_from(at).ok()?;
    // SAFETY: `out` is out.len() writable bytes.
    let n = unsafe { libc::pread(exe.0, out.as_mut_ptr().cast(), out.len(), at) };
    let got = out.get(..usize::try_from(n).ok()?)?;
    Some(got.iter().position(|&b| b == 0).unwrap_or(got.len()))
}
