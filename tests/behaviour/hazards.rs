// Behaviour of the code emitted for tests/fixtures/hazards that only a compiled crate can show.
// Not part of this crate: `tests/compile.rs` appends it to the emitted code (`tests/golden/hazards.rs`)
// in a scratch crate and runs `cargo test` there.

#[cfg(test)]
mod behaviour {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept() {
        let m: ColorMode = serde_json::from_str("\"ultraviolet\"").unwrap();
        assert_eq!(m, ColorMode::Unrecognized("ultraviolet".into()));
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"ultraviolet\"");
        let known: ColorMode = serde_json::from_str("\"unknownFutureValue\"").unwrap();
        assert_eq!(known, ColorMode::UnknownFutureValue);
    }

    #[test]
    fn dispatch_keeps_unknown_kinds_and_tags_known_ones() {
        let v: AnyShape = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.hexagon","sides":6}"##).unwrap();
        assert!(matches!(&v, AnyShape::Unrecognized(j) if j["sides"] == 6));
        let c: AnyShape = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.circle"}"##).unwrap();
        assert!(matches!(c, AnyShape::Circle(_)));
        let out = serde_json::to_value(AnyShape::Square(Box::default())).unwrap();
        assert_eq!(out["@odata.type"], "#microsoft.graph.square");
    }

    #[test]
    fn shared_fields_read_without_a_match() {
        let c: AnyShape = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.circle","fill":"duotone","radius":2.5}"##).unwrap();
        let base: Shape = c.to_base().unwrap();
        assert_eq!(base.fill, ::graphdoc_generated::Field::Value(ColorMode::Duotone));
        assert_eq!(base.additional_properties["radius"], 2.5, "the kind's own members are kept");
        let odd: AnyShape = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.hexagon","fill":"duotone"}"##).unwrap();
        assert_eq!(odd.to_base().unwrap().fill, ::graphdoc_generated::Field::Value(ColorMode::Duotone));
    }

    #[test]
    fn keyword_and_odd_names_use_wire_names() {
        let k = KeywordNames { type_: ::graphdoc_generated::Field::Value("t".into()), ..Default::default() };
        let json = serde_json::to_value(&k).unwrap();
        assert_eq!(json["type"], "t");
    }

    #[test]
    fn unknown_members_are_kept() {
        let w: Widget = serde_json::from_str(r#"{"id":"1","brandNew":true}"#).unwrap();
        assert_eq!(w.additional_properties["brandNew"], true);
        assert_eq!(serde_json::to_value(&w).unwrap()["brandNew"], true);
    }

    #[test]
    fn integers_of_unstated_width_read_past_i32() {
        let w: CertificateWindow = serde_json::from_str(r#"{"notAfter":2208988800}"#).unwrap();
        assert_eq!(w.not_after, ::graphdoc_generated::Field::Value(2_208_988_800_i64));
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"notAfter":2208988800}"#);
    }

    #[test]
    fn string_valued_sections_stay_strings_and_null_is_json_null() {
        let p: MemberProfile = serde_json::from_str(r#"{"tier":"Gold","guardianConsent":null}"#).unwrap();
        assert_eq!(p.tier, ::graphdoc_generated::Field::Value("Gold".to_string()));
        assert!(p.guardian_consent.is_null());
        assert_eq!(serde_json::to_value(&p).unwrap()["guardianConsent"], serde_json::Value::Null);
        let parcel: Parcel = serde_json::from_str(r#"{"window":null,"size":"small"}"#).unwrap();
        assert!(parcel.window.is_null());
        assert_eq!(serde_json::to_string(&parcel).unwrap(), r#"{"size":"small","window":null}"#);
        assert!(DeliveryWindow::MEMBERS.iter().all(|m| m.as_str() != "null"));
        let odd: DeliveryWindow = serde_json::from_str("\"null\"").unwrap();
        assert_eq!(odd, DeliveryWindow::Unrecognized("null".into()), "the string \"null\" is no member");
    }

    #[test]
    fn undocumented_types_are_kept_as_raw_json() {
        let p: Parcel = serde_json::from_str(r#"{"handling":"fragile","handlingHistory":["upright",{"note":1}]}"#).unwrap();
        assert_eq!(p.handling, ::graphdoc_generated::Field::Value(serde_json::json!("fragile")));
        assert_eq!(p.handling_history.as_value().map(|v| v.len()), Some(2));
        assert!(p.additional_properties.is_empty());
    }

    #[test]
    fn an_odata_type_row_is_not_a_field() {
        let s = StampedWidget { stamp: ::graphdoc_generated::Field::Value("x".into()), ..Default::default() };
        let out = serde_json::to_string(&AnyWidget::StampedWidget(Box::new(s))).unwrap();
        assert_eq!(out.matches("@odata.type").count(), 1, "{out}");
        let back: AnyWidget = serde_json::from_str(&out).unwrap();
        assert!(matches!(back, AnyWidget::StampedWidget(_)));
    }

    #[test]
    fn the_current_route_has_the_plain_builder_name() {
        let _current: api::BeaconCollection = api::beacons();
        let _legacy: api::BeaconBeaconsCollection = api::legacy().beacons();
    }

    #[test]
    fn null_and_absent_members_round_trip_as_sent() {
        let w: Widget = serde_json::from_str(r#"{"id":null}"#).unwrap();
        assert!(w.id.is_null());
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"id":null}"#);
        let w: Widget = serde_json::from_str("{}").unwrap();
        assert!(w.id.is_absent());
        assert_eq!(serde_json::to_string(&w).unwrap(), "{}");
    }
}
