//! `.eh_frame` records: the unwind tables are one section for the whole
//! combined object, so they are cut into their CIEs and FDEs and each FDE
//! travels with the function it describes (as `ld --gc-sections` does).

use std::ops::Range;

use crate::Result;

/// One relocation inside `.eh_frame`, at `offset` from the section start.
#[derive(Clone, Debug)]
pub struct Reloc<T> {
    pub offset: u64,
    pub target: T,
}

/// A Common Information Entry: shared by the FDEs that point at it.
#[derive(Debug)]
pub struct Cie<T> {
    pub range: Range<usize>,
    pub relocs: Vec<Reloc<T>>,
}

/// A Frame Description Entry: the unwind rules of one function.
#[derive(Debug)]
pub struct Fde<T> {
    pub range: Range<usize>,
    /// Index into [`EhFrame::cies`].
    pub cie: usize,
    /// The first relocation is `pc_begin` (the function); then the LSDA, if any.
    pub relocs: Vec<Reloc<T>>,
}

/// The parsed section.
#[derive(Debug)]
pub struct EhFrame<T> {
    pub cies: Vec<Cie<T>>,
    pub fdes: Vec<Fde<T>>,
}

impl<T: Clone> EhFrame<T> {
    /// Parse `data` with its relocations (sorted or not).
    pub fn parse(data: &[u8], relocs: &[Reloc<T>]) -> Result<Self> {
        let mut relocs = relocs.to_vec();
        relocs.sort_by_key(|r| r.offset);
        let mut cies: Vec<Cie<T>> = Vec::new();
        let mut fdes = Vec::new();
        let mut at = 0usize;
        while at + 4 <= data.len() {
            let length = read_u32(data, at)? as usize;
            if length == 0 {
                at += 4; // terminator
                continue;
            }
            if length == 0xffff_ffff {
                return Err(".eh_frame: 64-bit records are not supported".into());
            }
            let end = at + 4 + length;
            if end > data.len() {
                return Err(format!(".eh_frame: record at {at} runs past the section"));
            }
            let id = read_u32(data, at + 4)? as usize;
            let inside: Vec<Reloc<T>> =
                relocs.iter().filter(|r| (at as u64..end as u64).contains(&r.offset)).cloned().collect();
            if id == 0 {
                cies.push(Cie { range: at..end, relocs: inside });
            } else {
                let cie_start = (at + 4).checked_sub(id).ok_or(".eh_frame: bad CIE pointer")?;
                let cie = cies
                    .iter()
                    .position(|c| c.range.start == cie_start)
                    .ok_or_else(|| format!(".eh_frame: FDE at {at} names no CIE"))?;
                if inside.first().is_none_or(|r| r.offset != at as u64 + 8) {
                    return Err(format!(".eh_frame: FDE at {at} has no pc_begin relocation"));
                }
                fdes.push(Fde { range: at..end, cie, relocs: inside });
            }
            at = end;
        }
        Ok(EhFrame { cies, fdes })
    }
}

/// Build a new `.eh_frame` from some FDEs of `frame` (and the CIEs they
/// use): the bytes, and the relocations at their new offsets.
pub fn assemble<T: Clone>(data: &[u8], frame: &EhFrame<T>, fdes: &[usize]) -> (Vec<u8>, Vec<Reloc<T>>) {
    let mut out = Vec::new();
    let mut relocs = Vec::new();
    let mut placed_cies: Vec<(usize, usize)> = Vec::new(); // (cie index, new offset)
    for &f in fdes {
        let fde = &frame.fdes[f];
        let cie_at = match placed_cies.iter().find(|(c, _)| *c == fde.cie) {
            Some(&(_, at)) => at,
            None => {
                let cie = &frame.cies[fde.cie];
                let at = out.len();
                copy_record(data, &cie.range, &cie.relocs, &mut out, &mut relocs);
                placed_cies.push((fde.cie, at));
                at
            }
        };
        let at = out.len();
        copy_record(data, &fde.range, &fde.relocs, &mut out, &mut relocs);
        let pointer = (at + 4 - cie_at) as u32;
        out[at + 4..at + 8].copy_from_slice(&pointer.to_le_bytes());
    }
    (out, relocs)
}

fn copy_record<T: Clone>(
    data: &[u8],
    range: &Range<usize>,
    record_relocs: &[Reloc<T>],
    out: &mut Vec<u8>,
    relocs: &mut Vec<Reloc<T>>,
) {
    let base = out.len() as u64;
    out.extend_from_slice(&data[range.clone()]);
    for r in record_relocs {
        relocs.push(Reloc { offset: r.offset - range.start as u64 + base, target: r.target.clone() });
    }
}

fn read_u32(data: &[u8], at: usize) -> Result<u32> {
    data.get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| format!(".eh_frame: truncated at {at}"))
}
