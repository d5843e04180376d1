//! `#[derive(GraphResource)]`: a struct with just the fields this program needs, checked
//! against the identityApiConnector page at compile time. It gets the resource's endpoint
//! functions; their GETs `$select` exactly these fields.

use graphdoc_derive::GraphResource;
use graphdoc_generated::http::StatusCode;
use graphdoc_generated::{GraphResource as _, ResponseBody, SelectedPage};

/// The part of an API connector this program shows.
#[derive(GraphResource, serde::Deserialize, Debug, PartialEq)]
#[graph(docs = "../../generated/docs", resource = "identityApiConnector")]
struct Connector {
    id: String,
    display_name: Option<String>,
    target_url: Option<String>,
}

/// A list response as the service sends it (members this struct does not hold are ignored).
const LIST_RESPONSE: &str = r##"{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/apiConnectors",
  "value": [
    {
      "id": "be1c7c3e-46cc-4b2d-9e0f-5a4b8f1f0c21",
      "displayName": "Check loyalty number",
      "targetUrl": "https://loyalty.example.org/api/check",
      "authenticationConfiguration": {
        "@odata.type": "#microsoft.graph.basicAuthentication",
        "username": "flow-caller",
        "password": "******"
      }
    }
  ]
}"##;

fn main() {
    let list = Connector::list();
    println!("{} {}?{}", list.method(), list.path(), list.query_string());
    let get = Connector::get("be1c7c3e-46cc-4b2d-9e0f-5a4b8f1f0c21");
    println!("{} {}?{}", get.method(), get.path(), get.query_string());
    let page = SelectedPage::<Connector>::parse(StatusCode::OK, LIST_RESPONSE.as_bytes())
        .expect("the documented shape decodes");
    for c in &page.value {
        println!("{c:?}");
    }
    println!(
        "@odata.type {}, selects {:?}",
        Connector::ODATA_TYPE,
        Connector::SELECT
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_select_exactly_the_fields() {
        assert_eq!(Connector::SELECT, ["id", "displayName", "targetUrl"]);
        let list = Connector::list();
        assert_eq!(list.path(), "/identity/apiConnectors");
        assert_eq!(
            list.query_pairs(),
            [(
                "$select".to_string(),
                "id,displayName,targetUrl".to_string()
            )]
        );
        assert_eq!(Connector::KEY, Some("id"));
        assert_eq!(
            Connector::ODATA_TYPE,
            "#microsoft.graph.identityApiConnector"
        );
    }

    #[test]
    fn responses_decode_into_the_struct() {
        let page =
            SelectedPage::<Connector>::parse(StatusCode::OK, LIST_RESPONSE.as_bytes()).unwrap();
        assert_eq!(
            page.value,
            [Connector {
                id: "be1c7c3e-46cc-4b2d-9e0f-5a4b8f1f0c21".into(),
                display_name: Some("Check loyalty number".into()),
                target_url: Some("https://loyalty.example.org/api/check".into()),
            }]
        );
    }
}
