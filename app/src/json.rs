//! JSON for the widget, in the few kilobytes the first load can spare.
//!
//! An answer is parsed once into a small tree and read through serde from there; a request
//! body is written straight into a string. Two choices keep it small:
//! - errors carry no text. An answer that is not what the API promises is one failure
//!   (`ApiFailure::Unexpected`) whatever the detail, so nothing here formats a message, and
//!   serde's message builders (with float formatting behind them) stay out of the wasm;
//! - numbers are integers. The API sends none with a fraction or an exponent, and a body
//!   that has one is refused like any other malformed body.

use std::fmt::{self, Write as _};

use serde::de::value::{MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde::ser::{self, Serialize};

/// A body that is not JSON, or not the JSON the type expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid JSON")
    }
}

impl std::error::Error for Invalid {}

// Every constructor is overridden: serde's defaults would format a message first.
impl de::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Invalid
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Invalid
    }
    fn missing_field(_: &'static str) -> Self {
        Invalid
    }
    fn duplicate_field(_: &'static str) -> Self {
        Invalid
    }
}

impl ser::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
}

/// Reads `text` as a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Invalid> {
    let mut p = Parser { text, at: 0 };
    let value = p.value(0)?;
    p.skip_space();
    if p.at != text.len() {
        return Err(Invalid);
    }
    T::deserialize(value)
}

/// Writes `value` as JSON, as serde_json would (no spaces, the same escapes).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Invalid> {
    let mut out = String::new();
    value.serialize(Writer { out: &mut out })?;
    Ok(out)
}

// --- reading ---------------------------------------------------------------------------

/// A parsed JSON value. Non-negative integers are `UInt`, negative ones `Int`.
#[derive(Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Str(String),
    Arr(Vec<Value>),
    Obj(Vec<(String, Value)>),
}

/// Deeper nesting than any answer of the API is refused rather than risking the stack.
const MAX_DEPTH: u32 = 64;

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Invalid> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(Invalid)
        }
    }

    fn value(&mut self, depth: u32) -> Result<Value, Invalid> {
        if depth > MAX_DEPTH {
            return Err(Invalid);
        }
        self.skip_space();
        match self.peek().ok_or(Invalid)? {
            b'n' => self.literal("null", Value::Null),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'"' => self.string().map(Value::Str),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Value::Arr(items));
                    }
                    if !self.eat(b',') {
                        return Err(Invalid);
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                if self.eat(b'}') {
                    return Ok(Value::Obj(fields));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(Invalid);
                    }
                    fields.push((key, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Ok(Value::Obj(fields));
                    }
                    if !self.eat(b',') {
                        return Err(Invalid);
                    }
                }
            }
            _ => Err(Invalid),
        }
    }

    fn number(&mut self) -> Result<Value, Invalid> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(Invalid)?;
            self.at += 1;
        }
        let digits = self.at - start;
        // No digits, a leading zero, or a fraction or exponent: not an integer of the API.
        if digits == 0
            || (digits > 1 && self.text.as_bytes()[start] == b'0')
            || matches!(self.peek(), Some(b'.' | b'e' | b'E'))
        {
            return Err(Invalid);
        }
        if !negative {
            return Ok(Value::UInt(n));
        }
        0i64.checked_sub_unsigned(n).map(Value::Int).ok_or(Invalid)
    }

    fn string(&mut self) -> Result<String, Invalid> {
        if self.peek() != Some(b'"') {
            return Err(Invalid);
        }
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.peek().ok_or(Invalid)? {
                b'"' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    let escaped = self.peek().ok_or(Invalid)?;
                    self.at += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.escaped_char()?),
                        _ => return Err(Invalid),
                    }
                    run = self.at;
                }
                0..=0x1f => return Err(Invalid),
                // Any other byte, also inside a multi-byte character: `run` only ever
                // starts and ends next to ASCII, so the slices stay whole characters.
                _ => self.at += 1,
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` read), joining a surrogate pair.
    fn escaped_char(&mut self) -> Result<char, Invalid> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.at..].starts_with("\\u") {
                    return Err(Invalid);
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(Invalid);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Invalid),
            c => c,
        };
        char::from_u32(code).ok_or(Invalid)
    }

    fn hex4(&mut self) -> Result<u32, Invalid> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(Invalid)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Invalid);
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| Invalid)
    }
}

fn visit_array<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, Invalid> {
    let mut seq = SeqDeserializer::new(items.into_iter());
    let out = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(out)
}

fn visit_object<'de, V: Visitor<'de>>(
    fields: Vec<(String, Value)>,
    visitor: V,
) -> Result<V::Value, Invalid> {
    let mut map = MapDeserializer::new(fields.into_iter());
    let out = visitor.visit_map(&mut map)?;
    map.end()?;
    Ok(out)
}

/// `deserialize_<int>` for each integer type: a JSON integer of either sign, which the
/// visitor checks against its range.
macro_rules! integers {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
                match self {
                    Value::UInt(n) => visitor.visit_u64(n),
                    Value::Int(n) => visitor.visit_i64(n),
                    _ => Err(Invalid),
                }
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Invalid;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(n) => visitor.visit_i64(n),
            Value::UInt(n) => visitor.visit_u64(n),
            Value::Str(s) => visitor.visit_string(s),
            Value::Arr(items) => visit_array(items, visitor),
            Value::Obj(fields) => visit_object(fields, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is a string; any other variant an object with the variant's name as
    /// its one key.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        match self {
            Value::Str(name) => visitor.visit_enum(Variant(name, Value::Null)),
            Value::Obj(mut fields) if fields.len() == 1 => match fields.pop() {
                Some((name, value)) => visitor.visit_enum(Variant(name, value)),
                None => Err(Invalid),
            },
            _ => Err(Invalid),
        }
    }

    // The typed entry points call only the one visitor method their JSON type needs:
    // the derived visitor of a struct, say, also has a `visit_seq` that an object never
    // reaches, and calling it from `deserialize_any` would keep it in the wasm for every
    // struct of the API.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Bool(b) => visitor.visit_bool(b),
            _ => Err(Invalid),
        }
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Str(s) => visitor.visit_string(s),
            _ => Err(Invalid),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_string(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Null => visitor.visit_unit(),
            _ => Err(Invalid),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Arr(items) => visit_array(items, visitor),
            _ => Err(Invalid),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self {
            Value::Obj(fields) => visit_object(fields, visitor),
            _ => Err(Invalid),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf ignored_any
    }
}

impl<'de> de::IntoDeserializer<'de, Invalid> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

/// An enum's variant name and what it holds (`Null` for a unit variant).
struct Variant(String, Value);

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Invalid;
    type Variant = Value;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Value), Invalid> {
        let name = seed.deserialize(StringDeserializer::<Invalid>::new(self.0))?;
        Ok((name, self.1))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = Invalid;

    fn unit_variant(self) -> Result<(), Invalid> {
        match self {
            Value::Null => Ok(()),
            _ => Err(Invalid),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Invalid> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Invalid> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

// --- writing ---------------------------------------------------------------------------

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

struct Writer<'a> {
    out: &'a mut String,
}

impl<'a> Writer<'a> {
    fn number(self, n: impl fmt::Display) -> Result<(), Invalid> {
        write!(self.out, "{n}").map_err(|_| Invalid)
    }

    fn open(self, opening: &str, close: &'static str) -> Compound<'a> {
        self.out.push_str(opening);
        Compound {
            out: self.out,
            first: true,
            close,
        }
    }

    /// `{"variant":` before a variant's contents.
    fn open_variant(self, variant: &str, opening: &str, close: &'static str) -> Compound<'a> {
        self.out.push('{');
        write_str(self.out, variant);
        self.out.push(':');
        self.open(opening, close)
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Invalid;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Invalid> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Invalid> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Invalid> {
        self.number(v)
    }
    /// No request body has a fraction (see the module's note).
    fn serialize_f32(self, _: f32) -> Result<(), Invalid> {
        Err(Invalid)
    }
    fn serialize_f64(self, _: f64) -> Result<(), Invalid> {
        Err(Invalid)
    }
    fn serialize_char(self, v: char) -> Result<(), Invalid> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Invalid> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Invalid> {
        use ser::SerializeSeq;
        let mut seq = self.open("[", "]");
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Invalid> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Invalid> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Invalid> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Invalid> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Invalid> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Invalid> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Invalid> {
        self.out.push('{');
        write_str(self.out, variant);
        self.out.push(':');
        value.serialize(Writer { out: self.out })?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Invalid> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Invalid> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Invalid> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Invalid> {
        Ok(self.open_variant(variant, "[", "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Invalid> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Invalid> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Invalid> {
        Ok(self.open_variant(variant, "{", "}}"))
    }
}

/// An array or object being written: `first` says whether a comma is due.
struct Compound<'a> {
    out: &'a mut String,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.comma();
        value.serialize(Writer { out: self.out })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Invalid> {
        self.comma();
        write_str(self.out, key);
        self.out.push(':');
        value.serialize(Writer { out: self.out })
    }

    fn close(self) -> Result<(), Invalid> {
        self.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.element(value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.element(value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.element(value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.element(value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    /// A key must come out as a JSON string; an integer key is quoted, as serde_json does.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Invalid> {
        self.comma();
        let mut written = String::new();
        key.serialize(Writer { out: &mut written })?;
        if written.starts_with('"') {
            self.out.push_str(&written);
        } else if !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            self.out.push('"');
            self.out.push_str(&written);
            self.out.push('"');
        } else {
            return Err(Invalid);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Invalid> {
        self.out.push(':');
        value.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Invalid> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Invalid> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Invalid> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use portal_domain::api::{
        NewsletterUpdate, NewsletterView, PurposeUpdate, SessionInfo, SessionRequest,
    };
    use serde::{Deserialize, Serialize};
    use time::OffsetDateTime;

    use super::*;

    /// Every shape serde derives: the widget's reading and writing must agree with
    /// serde_json's, which the server uses.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Shapes {
        text: String,
        count: u32,
        delta: i64,
        big: u64,
        flag: bool,
        maybe: Option<String>,
        #[serde(default)]
        absent: Option<u8>,
        list: Vec<Kind>,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        pair: (u8, String),
        map: BTreeMap<String, u16>,
        wrapped: Wrapped,
        unit: (),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Wrapped(String);

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Newtype(u8),
        Tuple(u8, bool),
        Named { name: String },
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Tagged {
        One { n: u8 },
        Two,
    }

    fn sample() -> Shapes {
        Shapes {
            text: "Æøå \"quoted\" \\ back\nline\ttab\u{1}\u{7f} 😀 </script>".into(),
            count: 42,
            delta: i64::MIN,
            big: u64::MAX,
            flag: true,
            maybe: None,
            absent: Some(7),
            list: vec![
                Kind::Plain,
                Kind::Newtype(3),
                Kind::Tuple(1, false),
                Kind::Named { name: "n".into() },
            ],
            at: OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap(),
            pair: (9, "nine".into()),
            map: BTreeMap::from([("a".into(), 1), ("b".into(), 2)]),
            wrapped: Wrapped("w".into()),
            unit: (),
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let value = sample();
        assert_eq!(
            to_string(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        let tagged = [Tagged::One { n: 1 }, Tagged::Two];
        assert_eq!(
            to_string(&tagged).unwrap(),
            serde_json::to_string(&tagged).unwrap()
        );
        let int_keys = BTreeMap::from([(1u8, true), (20, false)]);
        assert_eq!(to_string(&int_keys).unwrap(), r#"{"1":true,"20":false}"#);
        let body = SessionRequest {
            launch_token: "tok".into(),
        };
        assert_eq!(to_string(&body).unwrap(), r#"{"launch_token":"tok"}"#);
        let body = PurposeUpdate { active: false };
        assert_eq!(
            to_string(&body).unwrap(),
            serde_json::to_string(&body).unwrap()
        );
    }

    #[test]
    fn reads_what_serde_json_writes() {
        let value = sample();
        let text = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(from_str::<Shapes>(&text).unwrap(), value);
        let tagged = vec![Tagged::One { n: 1 }, Tagged::Two];
        let text = serde_json::to_string(&tagged).unwrap();
        assert_eq!(from_str::<Vec<Tagged>>(&text).unwrap(), tagged);
    }

    #[test]
    fn reads_the_api_s_answers_as_serde_json_does() {
        let session = r#"{
            "session_token": "s-1", "expires_at": "2026-12-02T15:04:05.123+01:00",
            "idle_timeout_seconds": 900, "role": "customer", "locale": "sv",
            "person": {"id": "1001", "display_name": "Kari Nordmann", "account_id": "a1",
                       "account_name": "Kari", "account_kind": "private"},
            "supervisory_authority": {"name": "IMY", "url": "https://www.imy.se"}
        }"#;
        let ours: Result<SessionInfo, _> = from_str(session);
        let theirs: Result<SessionInfo, _> = serde_json::from_str(session);
        assert!(theirs.is_ok());
        assert_eq!(ours.ok(), theirs.ok());
        let view = r#"{"subscribed":false,"segment":"journalist","changed_at":null}"#;
        let theirs = serde_json::from_str::<NewsletterView>(view);
        assert!(theirs.is_ok());
        assert_eq!(from_str::<NewsletterView>(view).ok(), theirs.ok());
        // Unknown fields stay refused where the type says so.
        let update = r#"{"subscribed":true,"segment":null,"extra":1}"#;
        assert!(serde_json::from_str::<NewsletterUpdate>(update).is_err());
        assert_eq!(from_str::<NewsletterUpdate>(update), Err(Invalid));
    }

    #[test]
    fn escapes_and_surrogate_pairs_are_read() {
        let s: String = from_str(r#""a\"b\\c\/d\b\f\n\r\t\u00e6\ud83d\ude00""#).unwrap();
        assert_eq!(s, "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e6}😀");
        let s: String = from_str("\"rå ✓\"").unwrap();
        assert_eq!(s, "rå ✓");
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for text in [
            "",
            "nul",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "[1 2]",
            "01",
            "-",
            "1.5",
            "1e3",
            "18446744073709551616",
            "-9223372036854775809",
            "\"unterminated",
            "\"tab\tinside\"",
            r#""\ud800""#,
            r#""\ude00""#,
            r#""\ud800\u0041""#,
            r#""\x""#,
            r#""\u12""#,
            "true false",
            "<html>",
        ] {
            assert_eq!(
                from_str::<serde::de::IgnoredAny>(text),
                Err(Invalid),
                "{text}"
            );
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(from_str::<serde::de::IgnoredAny>(&deep), Err(Invalid));
        let fine = "[".repeat(60) + &"]".repeat(60);
        assert!(from_str::<serde::de::IgnoredAny>(&fine).is_ok());
    }

    #[test]
    fn numbers_keep_their_whole_range_and_type() {
        assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(from_str::<u8>("256"), Err(Invalid));
        assert_eq!(from_str::<u32>("-1"), Err(Invalid));
        assert_eq!(from_str::<String>("12"), Err(Invalid));
        assert_eq!(from_str::<Option<u8>>(" null "), Ok(None));
        assert_eq!(from_str::<()>("null"), Ok(()));
        assert_eq!(to_string(&1.5f64), Err(Invalid));
    }
}
