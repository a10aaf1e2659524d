//! Which pieces of the combined object go into which new archive member.
//!
//! A piece is a whole section (rustc and cc put each function and each
//! static in a section of its own), except in the mergeable string and
//! constant sections, which `ld -r` pools for all inputs: those are cut
//! between their strings or constants. Every piece is labelled with the set
//! of public names that reach it through relocations; equal labels make one
//! member.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use object::elf;
use object::read::elf::SectionHeader as _;
use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget, SectionIndex, SymbolIndex};

use crate::ehframe::{EhFrame, Reloc};
use crate::{File, Result, Section};

/// What a relocation refers to (its offset is kept by the caller).
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub symbol: SymbolIndex,
    pub addend: i64,
    pub r_type: u32,
}

/// How a section of the combined object is treated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// Code or data: its pieces go into the members of their labels.
    Node,
    /// `.init_array` and the like: a piece that nothing references.
    Initializer,
    /// The unwind tables, split per function.
    EhFrame,
    /// Not needed to link: debug info, `.llvmbc`, notes, relocation and group sections.
    Dropped,
}

/// A byte range of one input section that goes into one member.
#[derive(Clone, Debug)]
pub struct Piece {
    pub section: SectionIndex,
    pub range: Range<u64>,
}

/// One new archive member.
pub struct Group {
    pub name: String,
    /// Indices into [`Plan::pieces`], in input order.
    pub pieces: Vec<usize>,
    /// Indices into the FDEs of [`Plan::eh_frame`].
    pub fdes: Vec<usize>,
}

/// The partition of the combined object into members.
pub struct Plan {
    pub class: Vec<Class>,
    pub relocs: Vec<Vec<Reloc<Target>>>,
    pub pieces: Vec<Piece>,
    /// For every section, its pieces in offset order.
    section_pieces: Vec<Vec<usize>>,
    pub group_of: Vec<Option<usize>>,
    pub groups: Vec<Group>,
    pub eh_frame: Option<(SectionIndex, EhFrame<Target>)>,
    /// Local symbols referenced from another member: they become hidden globals.
    pub exported_locals: HashSet<SymbolIndex>,
    /// Pieces referenced through their section symbol from another member:
    /// they get a hidden global symbol at their start.
    pub anchored: HashSet<usize>,
}

impl Plan {
    /// Partition `file` for the public names `roots`.
    pub fn new(file: &File<'_>, roots: &[String]) -> Result<Self> {
        let count = file.sections().map(|s| s.index().0 + 1).max().unwrap_or(0);
        let mut class = vec![Class::Dropped; count];
        let mut relocs = vec![Vec::new(); count];
        let mut writable = vec![false; count];
        for section in file.sections() {
            let i = section.index().0;
            let (sh_type, sh_flags) = elf_flags(&section);
            class[i] = classify(&section, sh_type, sh_flags)?;
            writable[i] = sh_flags & elf::SHF_WRITE.0 != 0;
            if class[i] != Class::Dropped {
                relocs[i] = section_relocs(&section)?;
            }
        }
        let mut plan = Plan {
            class,
            relocs,
            pieces: Vec::new(),
            section_pieces: vec![Vec::new(); count],
            group_of: Vec::new(),
            groups: Vec::new(),
            eh_frame: None,
            exported_locals: HashSet::new(),
            anchored: HashSet::new(),
        };
        plan.cut_pieces(file);
        let n = plan.pieces.len();

        // Edges between pieces.
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (piece, out) in plan.pieces.iter().zip(edges.iter_mut()) {
            let section = piece.section.0;
            for r in &plan.relocs[section] {
                if let Some(to) = plan.piece_of(file, &r.target) {
                    if !matches!(plan.class[plan.pieces[to].section.0], Class::Node) {
                        return Err(format!("section {section} refers to a section that is not code or data"));
                    }
                    out.push(to);
                }
            }
        }
        // An initializer comes with the data its functions write.
        for init in (0..n).filter(|&p| plan.class[plan.pieces[p].section.0] == Class::Initializer) {
            for function in edges[init].clone() {
                for data in edges[function].clone() {
                    if writable[plan.pieces[data].section.0] {
                        edges[data].push(init);
                    }
                }
            }
        }
        // An FDE comes with its function and brings its CIE's personality and its LSDA.
        let mut unwind = file.sections().filter(|s| plan.class[s.index().0] == Class::EhFrame);
        if let Some(section) = unwind.next() {
            if unwind.next().is_some() {
                return Err("more than one .eh_frame section".into());
            }
            let data = section.data().map_err(|e| e.to_string())?;
            let frame = EhFrame::parse(data, &plan.relocs[section.index().0])?;
            for fde in &frame.fdes {
                let Some(function) = plan.piece_of(file, &fde.relocs[0].target) else { continue };
                for r in fde.relocs[1..].iter().chain(&frame.cies[fde.cie].relocs) {
                    if let Some(to) = plan.piece_of(file, &r.target) {
                        edges[function].push(to);
                    }
                }
            }
            plan.eh_frame = Some((section.index(), frame));
        }

        // Label every piece with the roots that reach it.
        let words = roots.len().div_ceil(64);
        let mut label = vec![vec![0u64; words]; n];
        let mut root_piece = HashMap::new();
        for symbol in file.symbols() {
            if symbol.is_global()
                && !symbol.is_undefined()
                && let Ok(name) = symbol.name()
                && let Some(piece) = plan.piece_of_symbol(file, symbol.index(), 0)
            {
                root_piece.entry(name.to_owned()).or_insert(piece);
            }
        }
        for (bit, root) in roots.iter().enumerate() {
            let &start = root_piece.get(root).ok_or_else(|| format!("{root} is not defined in the archive"))?;
            let mut stack = vec![start];
            while let Some(p) = stack.pop() {
                let word = &mut label[p][bit / 64];
                if *word & (1 << (bit % 64)) != 0 {
                    continue;
                }
                *word |= 1 << (bit % 64);
                stack.extend(edges[p].iter().copied());
            }
        }

        let mut group_of = vec![None; n];
        let mut groups: Vec<Group> = Vec::new();
        let mut by_label: HashMap<&[u64], usize> = HashMap::new();
        for p in 0..n {
            if label[p].iter().all(|&w| w == 0) {
                continue;
            }
            let next = groups.len();
            let g = *by_label.entry(&label[p]).or_insert(next);
            if g == next {
                groups.push(Group { name: String::new(), pieces: Vec::new(), fdes: Vec::new() });
            }
            groups[g].pieces.push(p);
            group_of[p] = Some(g);
        }
        if let Some((_, frame)) = &plan.eh_frame {
            for (f, fde) in frame.fdes.iter().enumerate() {
                if let Some(g) = plan.piece_of(file, &fde.relocs[0].target).and_then(|p| group_of[p]) {
                    groups[g].fdes.push(f);
                }
            }
        }
        name_groups(&mut groups, &group_of, &root_piece, roots);
        plan.group_of = group_of;
        plan.groups = groups;
        plan.find_crossings(file);
        Ok(plan)
    }

    /// Cut every code and data section into pieces: one per section, but
    /// one per string or constant (or run of them that a symbol spans) in a
    /// mergeable section that has no relocations of its own and is reached
    /// from code only through symbols (a PC-relative reference through the
    /// section symbol carries an addend that does not say which entry it means).
    fn cut_pieces(&mut self, file: &File<'_>) {
        let mut splittable = vec![false; self.class.len()];
        for section in file.sections() {
            let i = section.index().0;
            let (_, sh_flags) = elf_flags(&section);
            splittable[i] = self.class[i] == Class::Node
                && sh_flags & elf::SHF_MERGE.0 != 0
                && entsize(file, &section) > 0
                && self.relocs[i].is_empty();
        }
        for section in file.sections() {
            let (_, sh_flags) = elf_flags(&section);
            if sh_flags & elf::SHF_EXECINSTR.0 == 0 {
                continue;
            }
            for r in &self.relocs[section.index().0] {
                if let Ok(symbol) = file.symbol_by_index(r.target.symbol)
                    && symbol.kind() == object::SymbolKind::Section
                    && let Some(target) = symbol.section_index()
                {
                    splittable[target.0] = false;
                }
            }
        }
        for section in file.sections() {
            let i = section.index().0;
            if !matches!(self.class[i], Class::Node | Class::Initializer) {
                continue;
            }
            let size = section.size();
            let cuts = if splittable[i] { entry_cuts(file, &section) } else { vec![0, size] };
            for w in cuts.windows(2) {
                self.section_pieces[i].push(self.pieces.len());
                self.pieces.push(Piece { section: section.index(), range: w[0]..w[1] });
            }
        }
    }

    /// The piece a relocation target lands in: a section symbol's addend or
    /// a symbol's own address says where.
    pub fn piece_of(&self, file: &File<'_>, target: &Target) -> Option<usize> {
        self.piece_of_symbol(file, target.symbol, target.addend)
    }

    fn piece_of_symbol(&self, file: &File<'_>, symbol: SymbolIndex, addend: i64) -> Option<usize> {
        let symbol = file.symbol_by_index(symbol).ok()?;
        let section = symbol.section_index()?;
        let offset = if symbol.kind() == object::SymbolKind::Section {
            u64::try_from(addend).unwrap_or(0)
        } else {
            symbol.address()
        };
        self.piece_at(section, offset)
    }

    /// The piece of `section` that holds `offset` (the last one for the end).
    pub fn piece_at(&self, section: SectionIndex, offset: u64) -> Option<usize> {
        let pieces = self.section_pieces.get(section.0)?;
        let after = pieces.partition_point(|&p| self.pieces[p].range.start <= offset);
        pieces.get(after.saturating_sub(1)).copied()
    }

    /// Record the references that cross members.
    fn find_crossings(&mut self, file: &File<'_>) {
        let mut crossings = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for &p in &group.pieces {
                crossings.extend(self.relocs[self.pieces[p].section.0].iter().map(|r| (g, r.target)));
            }
            if let Some((_, frame)) = &self.eh_frame {
                for &f in &group.fdes {
                    let fde = &frame.fdes[f];
                    crossings.extend(fde.relocs.iter().chain(&frame.cies[fde.cie].relocs).map(|r| (g, r.target)));
                }
            }
        }
        for (from, target) in crossings {
            let Some(to) = self.piece_of(file, &target) else { continue };
            if self.group_of[to].is_some_and(|g| g != from) {
                let Ok(symbol) = file.symbol_by_index(target.symbol) else { continue };
                if symbol.kind() == object::SymbolKind::Section {
                    self.anchored.insert(to);
                } else if symbol.is_local() {
                    self.exported_locals.insert(target.symbol);
                }
            }
        }
    }

    /// Number of pieces that went into some member.
    pub fn kept_pieces(&self) -> usize {
        self.group_of.iter().filter(|g| g.is_some()).count()
    }

    /// Number of pieces that no public name reaches.
    pub fn dropped_pieces(&self) -> usize {
        self.group_of.iter().filter(|g| g.is_none()).count()
    }
}

/// Offsets where a mergeable section may be cut: after every string (or
/// constant), except inside a symbol's extent; always starts with 0 and
/// ends with the section size.
fn entry_cuts(file: &File<'_>, section: &Section<'_, '_>) -> Vec<u64> {
    let size = section.size();
    let data = section.data().unwrap_or(&[]);
    let (_, sh_flags) = elf_flags(section);
    let mut cuts: Vec<u64> = if sh_flags & elf::SHF_STRINGS.0 != 0 {
        data.iter().enumerate().filter(|(_, b)| **b == 0).map(|(i, _)| i as u64 + 1).collect()
    } else {
        let step = entsize(file, section);
        (1..=size / step).map(|k| k * step).collect()
    };
    cuts.insert(0, 0);
    if cuts.last() != Some(&size) {
        cuts.push(size);
    }
    let spans: Vec<Range<u64>> = file
        .symbols()
        .filter(|s| s.section_index() == Some(section.index()) && s.kind() != object::SymbolKind::Section)
        .map(|s| s.address()..s.address() + s.size())
        .collect();
    cuts.retain(|&c| c == 0 || c == size || !spans.iter().any(|r| r.start < c && c < r.end));
    cuts
}

/// A member is named after the public name it defines (`Socket`, `err_sys`),
/// preferring the book's name to `lnp_rs_*`; members shared by several
/// public names (the library's internals, Rust's runtime) are numbered.
fn name_groups(
    groups: &mut [Group],
    group_of: &[Option<usize>],
    root_piece: &HashMap<String, usize>,
    roots: &[String],
) {
    let mut ordered: Vec<&String> = roots.iter().collect();
    ordered.sort_by_key(|n| (n.starts_with("lnp_rs_"), n.as_str()));
    for name in ordered {
        if let Some(g) = root_piece.get(name).and_then(|&p| group_of[p])
            && groups[g].name.is_empty()
        {
            groups[g].name = name.clone();
        }
    }
    let mut shared = 0;
    for group in groups.iter_mut().filter(|g| g.name.is_empty()) {
        shared += 1;
        group.name = format!("lnp-shared-{shared:03}");
    }
}

/// `sh_type` and `sh_flags`.
pub fn elf_flags(section: &Section<'_, '_>) -> (u32, u64) {
    match section.flags() {
        object::SectionFlags::Elf { sh_type, sh_flags } => (sh_type.0, sh_flags.0),
        _ => (0, 0),
    }
}

fn entsize(file: &File<'_>, section: &Section<'_, '_>) -> u64 {
    section.elf_section_header().sh_entsize(file.endian())
}

/// How to treat a section; an error for what this tool cannot split
/// faithfully (a section tied to another by `SHF_LINK_ORDER`, whose link
/// the rewrite would lose).
fn classify(section: &Section<'_, '_>, sh_type: u32, sh_flags: u64) -> Result<Class> {
    let name = section.name().unwrap_or("");
    Ok(if sh_flags & elf::SHF_ALLOC.0 == 0 || sh_type == elf::SHT_NOTE.0 {
        Class::Dropped
    } else if sh_flags & elf::SHF_LINK_ORDER.0 != 0 {
        return Err(format!("{name}: SHF_LINK_ORDER sections are not supported"));
    } else if sh_type == elf::SHT_X86_64_UNWIND.0 || name == ".eh_frame" {
        Class::EhFrame
    } else if [elf::SHT_INIT_ARRAY.0, elf::SHT_FINI_ARRAY.0, elf::SHT_PREINIT_ARRAY.0].contains(&sh_type)
        || name.starts_with(".ctors")
        || name.starts_with(".dtors")
    {
        Class::Initializer
    } else {
        Class::Node
    })
}

fn section_relocs(section: &Section<'_, '_>) -> Result<Vec<Reloc<Target>>> {
    let mut out = Vec::new();
    for (offset, r) in section.relocations() {
        let RelocationTarget::Symbol(symbol) = r.target() else {
            return Err(format!("{}: relocation without a symbol", section.name().unwrap_or("?")));
        };
        let RelocationFlags::Elf { r_type } = r.flags() else {
            return Err("not an ELF relocation".into());
        };
        out.push(Reloc { offset, target: Target { symbol, addend: r.addend(), r_type: r_type.0 } });
    }
    Ok(out)
}
