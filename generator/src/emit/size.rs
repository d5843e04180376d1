//! Which nested structs are boxed for size: a struct holds its single-valued nested structs
//! inline, so without boxes one Graph type can be tens of kilobytes (`sharedDriveItem` held
//! `driveItem`, `listItem`, `site`, … each with their own: 66 KB), and decoding a value costs
//! its size, not the size of its JSON: the whole struct is default-initialised and moved
//! through every `Result`, `Option` and `Vec` on the way out, however few members were sent.
//! A field whose struct would be larger than [`MAX_INLINE`] bytes is a `Box` instead (two
//! words), so a value's size is about its own fields.
//!
//! Sizes are estimates from the field types (x86-64 layouts of the runtime's types, padding
//! ignored): deterministic from the model, which is what the emitted code must be.

use super::plan::{struct_index, Plan};
use crate::model::{Edm, TypeKey, TypeRef};
use std::collections::BTreeSet;

/// The largest nested struct held inline, in estimated bytes (a few fields: a `dateTimeTimeZone`
/// or an `emailAddress` stays inline, a `location` with its address and coordinates does not).
pub const MAX_INLINE: usize = 128;

/// What a field of a `Field<Box<T>>`, a `Field<Vec<T>>`, a `Field<String>` and a dispatch enum
/// take: a pointer and a length or two.
const WORDS: usize = 24;

/// The `(type key, wire name)` fields to box because their struct is larger than
/// [`MAX_INLINE`], given the fields already boxed (cycles) in `boxed`.
pub(crate) fn large(
    plan: &Plan,
    boxed: &BTreeSet<(TypeKey, String)>,
) -> BTreeSet<(TypeKey, String)> {
    let model = plan.model;
    let (keys, index_of) = struct_index(model, &plan.emit);
    // Inline edges: a single-valued, unboxed field of a plain (not dispatched) struct type.
    let mut inline: Vec<Vec<(usize, &str)>> = vec![Vec::new(); keys.len()];
    // The bytes of each struct's other fields, with the map of unknown members.
    let mut own = vec![WORDS; keys.len()];
    for (i, k) in keys.iter().enumerate() {
        for p in model.all_properties(k) {
            if p.ty == TypeRef::Primitive(Edm::Stream) {
                continue;
            }
            if p.collection {
                own[i] += WORDS;
                continue;
            }
            match &p.ty {
                TypeRef::Primitive(e) => own[i] += primitive(*e),
                TypeRef::Named(t) => {
                    let plain = index_of.get(t.as_str()).filter(|_| {
                        !plan.is_polymorphic(t) && !boxed.contains(&((*k).clone(), p.name.clone()))
                    });
                    match plain {
                        Some(&j) => inline[i].push((j, p.name.as_str())),
                        // An enum, a dispatch enum, a boxed cycle or raw JSON.
                        None => own[i] += WORDS,
                    }
                }
            }
        }
    }
    // Leaves first, iteratively (a hostile model may chain thousands of types); the inline
    // edges form a DAG once cycles are boxed, so every struct is sized once.
    let mut size: Vec<Option<usize>> = vec![None; keys.len()];
    let mut out = BTreeSet::new();
    for root in 0..keys.len() {
        let mut stack = vec![root];
        while let Some(&v) = stack.last() {
            if size[v].is_some() {
                stack.pop();
                continue;
            }
            let pending: Vec<usize> = inline[v]
                .iter()
                .map(|(j, _)| *j)
                .filter(|j| size[*j].is_none() && *j != v)
                .collect();
            if !pending.is_empty() {
                // A cycle left unboxed cannot happen (cycles are boxed first); a guard anyway,
                // so a malformed plan cannot loop: a node already on the stack counts as boxed.
                let fresh: Vec<usize> =
                    pending.into_iter().filter(|j| !stack.contains(j)).collect();
                if !fresh.is_empty() {
                    stack.extend(fresh);
                    continue;
                }
            }
            let mut bytes = own[v];
            for (j, wire) in &inline[v] {
                match size[*j] {
                    Some(s) if s <= MAX_INLINE => bytes += s + 8,
                    _ => {
                        out.insert((keys[v].clone(), wire.to_string()));
                        bytes += 16;
                    }
                }
            }
            size[v] = Some(bytes);
            stack.pop();
        }
    }
    out
}

/// Estimated bytes of a `Field` of a primitive.
fn primitive(e: Edm) -> usize {
    match e {
        Edm::Boolean | Edm::Byte | Edm::SByte => 2,
        Edm::Int16 => 4,
        Edm::Int32 | Edm::Date => 8,
        Edm::TimeOfDay => 12,
        Edm::Int64 | Edm::Single | Edm::Double | Edm::Decimal => 16,
        Edm::Guid => 17,
        Edm::DateTimeOffset => 20,
        Edm::Duration => 32,
        Edm::Untyped => 32,
        Edm::String | Edm::Binary | Edm::Stream => WORDS,
    }
}
