//! Writes one relocatable object per [`Group`]: its sections byte for byte,
//! its symbols, its share of `.eh_frame`, and every relocation rewritten to
//! a symbol of the new object (local when the target is in the same object,
//! an undefined global reference otherwise).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use object::elf;
use object::write::{self, SectionId, SymbolId, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, Object, ObjectSection, ObjectSymbol, SectionKind, SymbolFlags, SymbolIndex,
    SymbolKind, SymbolScope,
};

use crate::ehframe;
use crate::graph::{Class, Group, Plan, Target, elf_flags};
use crate::{File, Result};

/// Write every member into `dir`; returns their paths in archive order.
pub fn write_members(file: &File<'_>, plan: &Plan, dir: &Path) -> Result<Vec<PathBuf>> {
    let names = Names::new(file, plan);
    let mut paths = Vec::new();
    for group in &plan.groups {
        let bytes = Member::new(file, plan, &names).build(group)?;
        let path = dir.join(format!("{}.o", group.name));
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    Ok(paths)
}

/// The global names under which symbols are referenced across members.
struct Names {
    /// Exported local symbols: `NAME.lnp` (`NAME.lnpN` if `NAME` is not unique).
    locals: HashMap<SymbolIndex, Vec<u8>>,
    /// Anchors of pieces referenced through their section symbol.
    anchors: HashMap<usize, Vec<u8>>,
}

impl Names {
    fn new(file: &File<'_>, plan: &Plan) -> Self {
        let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut unique = |base: Vec<u8>| {
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let mut name = base;
            name.extend_from_slice(b".lnp");
            if *n > 1 {
                name.extend_from_slice(n.to_string().as_bytes());
            }
            name
        };
        let mut exported: Vec<SymbolIndex> = plan.exported_locals.iter().copied().collect();
        exported.sort_by_key(|s| s.0);
        let mut locals = HashMap::new();
        for s in exported {
            let name = file.symbol_by_index(s).ok().and_then(|s| s.name_bytes().ok()).unwrap_or(b"local");
            locals.insert(s, unique(name.to_vec()));
        }
        let mut anchored: Vec<usize> = plan.anchored.iter().copied().collect();
        anchored.sort();
        let mut anchors = HashMap::new();
        for p in anchored {
            let section = plan.pieces[p].section;
            let name = file.section_by_index(section).ok().and_then(|s| s.name_bytes().ok()).unwrap_or(b"section");
            let mut base = b"lnp".to_vec();
            base.extend_from_slice(name);
            anchors.insert(p, unique(base));
        }
        Names { locals, anchors }
    }
}

struct Member<'p, 'd, 'f> {
    file: &'f File<'d>,
    plan: &'p Plan,
    names: &'p Names,
    obj: write::Object<'static>,
    /// Output section of every piece of this member.
    pieces: HashMap<usize, SectionId>,
    symbols: HashMap<SymbolIndex, SymbolId>,
    undefined: HashMap<Vec<u8>, SymbolId>,
}

impl<'p, 'd, 'f> Member<'p, 'd, 'f> {
    fn new(file: &'f File<'d>, plan: &'p Plan, names: &'p Names) -> Self {
        let mut obj = write::Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
        obj.flags = file.flags(); // the OS ABI and e_flags of the combined object
        Member { file, plan, names, obj, pieces: HashMap::new(), symbols: HashMap::new(), undefined: HashMap::new() }
    }

    fn build(mut self, group: &Group) -> Result<Vec<u8>> {
        for &p in &group.pieces {
            self.copy_piece(p)?;
        }
        self.define_symbols(group);
        for &p in &group.pieces {
            let out = self.pieces[&p];
            let start = self.plan.pieces[p].range.start;
            for r in &self.plan.relocs[self.plan.pieces[p].section.0] {
                self.relocate(out, r.offset - start, &r.target)?;
            }
        }
        if let Some((index, frame)) = &self.plan.eh_frame
            && !group.fdes.is_empty()
        {
            let input = self.file.section_by_index(*index).map_err(|e| e.to_string())?;
            let data = input.data().map_err(|e| e.to_string())?;
            let (bytes, relocs) = ehframe::assemble(data, frame, &group.fdes);
            let (sh_type, sh_flags) = elf_flags(&input);
            let out = self.obj.add_section(Vec::new(), b".eh_frame".to_vec(), SectionKind::ReadOnlyData);
            self.obj.section_mut(out).flags =
                object::SectionFlags::Elf { sh_type: elf::SectionType(sh_type), sh_flags: elf::SectionFlags(sh_flags) };
            self.obj.set_section_data(out, bytes, input.align());
            for r in &relocs {
                self.relocate(out, r.offset, &r.target)?;
            }
        }
        // No executable stack (the objects rustc and cc write say the same).
        let stack = self.obj.add_section(Vec::new(), b".note.GNU-stack".to_vec(), SectionKind::Other);
        self.obj.section_mut(stack).flags =
            object::SectionFlags::Elf { sh_type: elf::SHT_PROGBITS, sh_flags: elf::SectionFlags(0) };
        self.obj.write().map_err(|e| format!("{}: {e}", group.name))
    }

    /// Copy a piece's bytes and its section's flags; mergeable strings and
    /// constants lose `SHF_MERGE` (a symbol plus an addend may point into
    /// them from another member, which merging would break) and COMDAT
    /// membership (`ld -r` already kept one copy of each group).
    fn copy_piece(&mut self, p: usize) -> Result<()> {
        let piece = &self.plan.pieces[p];
        let input = self.file.section_by_index(piece.section).map_err(|e| e.to_string())?;
        let (sh_type, sh_flags) = elf_flags(&input);
        let tls = sh_flags & elf::SHF_TLS.0 != 0;
        let nobits = sh_type == elf::SHT_NOBITS.0;
        let kind = match (nobits, tls) {
            (true, true) => SectionKind::UninitializedTls,
            (true, false) => SectionKind::UninitializedData,
            (false, true) => SectionKind::Tls,
            _ if self.plan.class[piece.section.0] == Class::Initializer => SectionKind::Data,
            _ if sh_flags & elf::SHF_EXECINSTR.0 != 0 => SectionKind::Text,
            _ if sh_flags & elf::SHF_WRITE.0 != 0 => SectionKind::Data,
            _ => SectionKind::ReadOnlyData,
        };
        let name = input.name_bytes().map_err(|e| e.to_string())?.to_vec();
        let out = self.obj.add_section(Vec::new(), name, kind);
        let keep = !(elf::SHF_MERGE.0 | elf::SHF_STRINGS.0 | elf::SHF_GROUP.0);
        self.obj.section_mut(out).flags = object::SectionFlags::Elf {
            sh_type: elf::SectionType(sh_type),
            sh_flags: elf::SectionFlags(sh_flags & keep),
        };
        // A piece cut from the middle of a section keeps the alignment its offset has.
        let align = input.align().max(1);
        let align = if piece.range.start == 0 { align } else { align.min(1 << piece.range.start.trailing_zeros()) };
        let size = piece.range.end - piece.range.start;
        if nobits {
            self.obj.append_section_bss(out, size, align);
        } else {
            let data = input.data().map_err(|e| e.to_string())?;
            let bytes = data.get(piece.range.start as usize..piece.range.end as usize).ok_or("piece out of range")?;
            self.obj.set_section_data(out, bytes.to_vec(), align);
        }
        self.pieces.insert(p, out);
        Ok(())
    }

    /// The symbols defined in this member's pieces, and the anchors of its
    /// pieces that other members reference.
    fn define_symbols(&mut self, group: &Group) {
        for symbol in self.file.symbols() {
            let Some(section) = symbol.section_index() else { continue };
            if matches!(symbol.kind(), SymbolKind::Section | SymbolKind::File) {
                continue;
            }
            let Some(p) = self.plan.piece_at(section, symbol.address()) else { continue };
            let Some(&out) = self.pieces.get(&p) else { continue };
            let SymbolFlags::Elf { st_info, st_other } = symbol.flags() else { continue };
            let (name, st_info, st_other, scope) = match self.names.locals.get(&symbol.index()) {
                Some(name) => (
                    name.clone(),
                    elf::SymbolInfo::new(elf::STB_GLOBAL, st_info.st_type()),
                    st_other.with_visibility(elf::STV_HIDDEN),
                    SymbolScope::Linkage,
                ),
                None => (symbol.name_bytes().unwrap_or_default().to_vec(), st_info, st_other, scope_of(&symbol)),
            };
            let id = self.obj.add_symbol(write::Symbol {
                name,
                value: symbol.address() - self.plan.pieces[p].range.start,
                size: symbol.size(),
                kind: symbol.kind(),
                scope,
                weak: symbol.is_weak(),
                section: SymbolSection::Section(out),
                flags: SymbolFlags::Elf { st_info, st_other },
            });
            self.symbols.insert(symbol.index(), id);
        }
        for &p in &group.pieces {
            let Some(name) = self.names.anchors.get(&p) else { continue };
            let out = self.pieces[&p];
            let (kind, st_type) = self.anchor_type(p);
            self.obj.add_symbol(write::Symbol {
                name: name.clone(),
                value: 0,
                size: 0,
                kind,
                scope: SymbolScope::Linkage,
                weak: false,
                section: SymbolSection::Section(out),
                flags: SymbolFlags::Elf {
                    st_info: elf::SymbolInfo::new(elf::STB_GLOBAL, st_type),
                    st_other: elf::SymbolOther::default().with_visibility(elf::STV_HIDDEN),
                },
            });
        }
    }

    fn anchor_type(&self, p: usize) -> (SymbolKind, elf::SymbolType) {
        let flags = self.file.section_by_index(self.plan.pieces[p].section).map(|s| elf_flags(&s).1).unwrap_or(0);
        if flags & elf::SHF_TLS.0 != 0 {
            (SymbolKind::Tls, elf::STT_TLS)
        } else if flags & elf::SHF_EXECINSTR.0 != 0 {
            (SymbolKind::Text, elf::STT_FUNC)
        } else {
            (SymbolKind::Data, elf::STT_OBJECT)
        }
    }

    fn relocate(&mut self, out: SectionId, offset: u64, target: &Target) -> Result<()> {
        let (symbol, addend) = self.target_symbol(target)?;
        self.obj
            .add_relocation(
                out,
                write::Relocation {
                    offset,
                    symbol,
                    addend,
                    flags: object::RelocationFlags::Elf { r_type: elf::RelocationType(target.r_type) },
                },
            )
            .map_err(|e| e.to_string())
    }

    /// The symbol of this member (and the addend) that stand for `target`.
    fn target_symbol(&mut self, target: &Target) -> Result<(SymbolId, i64)> {
        let index = target.symbol;
        if let Some(&id) = self.symbols.get(&index) {
            return Ok((id, target.addend));
        }
        let symbol = self.file.symbol_by_index(index).map_err(|e| e.to_string())?;
        if symbol.kind() == SymbolKind::Section {
            // A section symbol plus an addend: the same bytes, in whichever piece holds them.
            let p = self.plan.piece_of(self.file, target).ok_or("relocation into a section that was left out")?;
            let addend = target.addend - self.plan.pieces[p].range.start as i64;
            if let Some(&out) = self.pieces.get(&p) {
                return Ok((self.obj.section_symbol(out), addend));
            }
            let name = self.names.anchors.get(&p).ok_or("section reference without an anchor")?.clone();
            let tls = self.anchor_type(p).0 == SymbolKind::Tls;
            return Ok((self.reference(name, tls, false), addend));
        }
        if symbol.section_index().is_some() {
            // Defined in another member (if it were here, `symbols` would have it).
            let name = match self.names.locals.get(&index) {
                Some(name) => name.clone(),
                None if symbol.is_global() => symbol.name_bytes().map_err(|e| e.to_string())?.to_vec(),
                None => return Err(format!("local {} referenced from another member", symbol.name().unwrap_or("?"))),
            };
            return Ok((self.reference(name, symbol.kind() == SymbolKind::Tls, false), target.addend));
        }
        if symbol.is_undefined() {
            let name = symbol.name_bytes().map_err(|e| e.to_string())?.to_vec();
            return Ok((self.reference(name, symbol.kind() == SymbolKind::Tls, symbol.is_weak()), target.addend));
        }
        // Absolute (and other section-less) symbols are copied as they are.
        let SymbolFlags::Elf { st_info, st_other } = symbol.flags() else {
            return Err("symbol without ELF flags".into());
        };
        let id = self.obj.add_symbol(write::Symbol {
            name: symbol.name_bytes().unwrap_or_default().to_vec(),
            value: symbol.address(),
            size: symbol.size(),
            kind: symbol.kind(),
            scope: scope_of(&symbol),
            weak: symbol.is_weak(),
            section: SymbolSection::Absolute,
            flags: SymbolFlags::Elf { st_info, st_other },
        });
        self.symbols.insert(index, id);
        Ok((id, target.addend))
    }

    /// An undefined reference to `name`. It is strong unless the input's
    /// was weak: a weak undefined reference would not pull in the member
    /// that defines the name.
    fn reference(&mut self, name: Vec<u8>, tls: bool, weak: bool) -> SymbolId {
        if let Some(&id) = self.undefined.get(&name) {
            return id;
        }
        let bind = if weak { elf::STB_WEAK } else { elf::STB_GLOBAL };
        let st_type = if tls { elf::STT_TLS } else { elf::STT_NOTYPE };
        let id = self.obj.add_symbol(write::Symbol {
            name: name.clone(),
            value: 0,
            size: 0,
            kind: if tls { SymbolKind::Tls } else { SymbolKind::Unknown },
            scope: SymbolScope::Unknown,
            weak,
            section: SymbolSection::Undefined,
            flags: SymbolFlags::Elf {
                st_info: elf::SymbolInfo::new(bind, st_type),
                st_other: elf::SymbolOther::default(),
            },
        });
        self.undefined.insert(name, id);
        id
    }
}

fn scope_of(symbol: &object::read::elf::ElfSymbol64<'_, '_>) -> SymbolScope {
    if symbol.is_local() {
        SymbolScope::Compilation
    } else if let SymbolFlags::Elf { st_other, .. } = symbol.flags()
        && st_other.visibility() != elf::STV_DEFAULT
    {
        SymbolScope::Linkage
    } else {
        SymbolScope::Dynamic
    }
}
