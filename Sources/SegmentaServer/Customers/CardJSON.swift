import NIOCore
import SegmentaCore

/// A customer card as JSON, written by hand: the lookup is the server's hottest route.
///
/// The keys and
/// layout are those `JSONBody` would write (snake_case), compact.
enum CardJSON {
  static func encode(_ card: CustomerCard) -> ByteBuffer {
    var out = ByteBuffer()
    out.reserveCapacity(1024)
    out.writeStaticString("{\"id\":")
    string(card.id, &out)
    out.writeStaticString(",\"segments\":[")
    for (index, segment) in card.segments.enumerated() {
      if index > 0 { out.writeStaticString(",") }
      out.writeStaticString("{\"segmentation\":")
      string(segment.segmentation, &out)
      out.writeString(",\"version\":\(segment.version),\"segment\":\(segment.segment),\"name\":")
      label(segment.name, &out)
      out.writeStaticString("}")
    }
    out.writeStaticString("],\"tags\":[")
    for (index, tag) in card.tags.enumerated() {
      if index > 0 { out.writeStaticString(",") }
      out.writeStaticString("{\"name\":")
      string(tag.name, &out)
      out.writeStaticString(",\"label\":")
      label(tag.label, &out)
      out.writeStaticString("}")
    }
    out.writeStaticString("],\"products\":[")
    for (index, product) in card.products.enumerated() {
      if index > 0 { out.writeStaticString(",") }
      out.writeStaticString("{\"id\":")
      string(product.id, &out)
      out.writeStaticString(",\"name\":")
      label(product.name, &out)
      out.writeStaticString(",\"strength\":")
      out.writeString(product.strength.isFinite ? String(product.strength) : "null")
      out.writeStaticString("}")
    }
    out.writeStaticString("],\"do_not_contact\":")
    out.writeStaticString(card.doNotContact ? "true" : "false")
    out.writeStaticString(",\"contacts\":[")
    for (index, contact) in card.contacts.enumerated() {
      if index > 0 { out.writeStaticString(",") }
      out.writeStaticString("{\"column\":")
      string(contact.column, &out)
      out.writeStaticString(",\"value\":")
      string(contact.value, &out)
      out.writeStaticString(contact.masked ? ",\"masked\":true}" : ",\"masked\":false}")
    }
    out.writeStaticString("],\"attributes\":[")
    for (index, attribute) in card.attributes.enumerated() {
      if index > 0 { out.writeStaticString(",") }
      out.writeStaticString("{\"name\":")
      string(attribute.name, &out)
      out.writeStaticString(",\"value\":")
      if let value = attribute.value { string(value, &out) } else { out.writeStaticString("null") }
      out.writeStaticString("}")
    }
    out.writeStaticString("]}\n")
    return out
  }

  private static func label(_ label: FeatureLabel, _ out: inout ByteBuffer) {
    out.writeStaticString("{\"en\":")
    string(label.en, &out)
    out.writeStaticString(",\"zh\":")
    string(label.zh, &out)
    out.writeStaticString("}")
  }

  /// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8.
  static func string(_ text: String, _ out: inout ByteBuffer) {
    out.writeStaticString("\"")
    var plain = true
    for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
      plain = false
      break
    }
    if plain {
      out.writeString(text)
    } else {
      for byte in text.utf8 {
        switch byte {
        case 0x22: out.writeStaticString("\\\"")
        case 0x5C: out.writeStaticString("\\\\")
        case 0x0A: out.writeStaticString("\\n")
        case 0x0D: out.writeStaticString("\\r")
        case 0x09: out.writeStaticString("\\t")
        case 0..<0x20:
          let hex = String(byte, radix: 16)
          out.writeString("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        default: out.writeInteger(byte)
        }
      }
    }
    out.writeStaticString("\"")
  }
}
