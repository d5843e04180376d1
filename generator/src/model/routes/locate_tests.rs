//! Tests of [`super`]: locating URLs in small trees.

use super::*;
use crate::model::routes::Node;

fn tree(routes: &[&str]) -> Tree {
    let mut t = Tree {
        nodes: vec![node(None, Step::Root)],
    };
    for r in routes {
        let route = crate::parse::http::route(&format!("GET {r}")).expect("a route");
        let mut cur = 0;
        for seg in &route.segments {
            use crate::parse::http::Segment;
            let steps = match seg {
                Segment::Literal(l) if l == "$value" => vec![Step::Value],
                Segment::Literal(l) if l.contains('.') => {
                    vec![Step::Cast(crate::model::TypeKey::of(l), l.clone())]
                }
                Segment::Literal(l) => vec![Step::Segment(l.clone())],
                Segment::Param(_) => vec![Step::Key],
                Segment::PathAddress { prefix, .. } => vec![Step::PathAddress(prefix.clone())],
                Segment::Function { name, args } if args.len() == 1 && args[0].name.is_empty() => {
                    vec![Step::Segment(name.clone()), Step::Key]
                }
                Segment::Function { name, args } => vec![Step::Function {
                    name: name.clone(),
                    args: args.clone(),
                }],
            };
            for s in steps {
                cur = match t.nodes[cur]
                    .children
                    .iter()
                    .copied()
                    .find(|&c| t.nodes[c].step.same(&s))
                {
                    Some(c) => c,
                    None => {
                        t.nodes.push(node(Some(cur), s));
                        let i = t.nodes.len() - 1;
                        t.nodes[cur].children.push(i);
                        i
                    }
                };
            }
        }
    }
    t
}

fn node(parent: Option<usize>, step: Step) -> Node {
    let mut n = Node::new(parent, step);
    n.placeholders = vec!["id".into()];
    n
}

#[test]
fn goes_on_from_a_node_of_the_same_type() {
    let mut t = tree(&["/me/drive/root", "/me/drive/items/{id}/workbook"]);
    let ty = Some(crate::model::TypeRef::Named(crate::model::TypeKey::of(
        "microsoft.graph.driveItem",
    )));
    for n in [3, 5] {
        t.nodes[n].ty = ty.clone();
    }
    assert_eq!(t.path(3), "/me/drive/root");
    assert_eq!(t.path(5), "/me/drive/items/{id}");
    let l = t
        .locate("/me/drive/root/workbook")
        .expect("through the shared type");
    assert_eq!(t.path(l.node), "/me/drive/items/{id}/workbook");
    assert_eq!(
        l.chain,
        [1, 2, 3, l.node],
        "`workbook` is reached from `root`'s builder"
    );
    let untyped = tree(&["/me/drive/root", "/me/drive/items/{id}/workbook"]);
    assert!(untyped.locate("/me/drive/root/workbook").is_err());
}

#[test]
fn locates_keys_properties_functions_and_path_addresses() {
    let t = tree(&[
        "/users/{id}/messages/{id}",
        "/users/{id}/messages/delta()",
        "/users('{id}')/photo/$value",
        "/me/drive/root:/{path}:/content",
        "/reports/getCounts(period='{p}',top={n})",
        "/users/{id}/microsoft.graph.user",
    ]);
    let l = t
        .locate("https://graph.microsoft.com/v1.0/users/a%40b.com/messages/AAMk%3D?$select=subject,from&$top=5")
        .expect("located");
    assert_eq!(t.path(l.node), "/users/{id}/messages/{id}");
    let keys: Vec<_> = l.bound.iter().map(|(_, b)| b.clone()).collect();
    assert_eq!(
        keys,
        [Bound::Key("a@b.com".into()), Bound::Key("AAMk=".into())]
    );
    assert_eq!(
        l.query,
        [
            ("$select".into(), "subject,from".into()),
            ("$top".into(), "5".into())
        ]
    );
    assert_eq!(
        t.path(t.locate("/users/u1/messages/delta()").unwrap().node),
        "/users/{id}/messages/delta()"
    );
    // A key in parentheses.
    let l = t.locate("/users('u1')/photo/$value").unwrap();
    assert_eq!(t.path(l.node), "/users/{id}/photo/$value");
    assert_eq!(
        l.bound,
        [(1, Bound::Key("u1".into()))],
        "by position in the chain"
    );
    let l = t
        .locate("GET /me/drive/root:/Docs/a b.txt:/content")
        .unwrap_err();
    assert!(
        matches!(l, Miss::NotAPath(_)),
        "a space outside a URL: {l:?}"
    );
    let l = t.locate("/me/drive/root:/Docs/a%20b.txt:/content").unwrap();
    assert_eq!(
        l.bound.last().unwrap().1,
        Bound::Path("Docs/a b.txt".into())
    );
    let l = t.locate("/reports/getCounts(top=3,period='D7')").unwrap();
    assert_eq!(l.bound, [(1, Bound::Args(vec!["D7".into(), "3".into()]))]);
    // A cast is a segment of its own; a key that looks like a property still is a key.
    assert!(t
        .path(t.locate("/users/x/microsoft.graph.user").unwrap().node)
        .ends_with("microsoft.graph.user"));
    assert_eq!(
        t.path(t.locate("/users/messages/messages/x").unwrap().node),
        "/users/{id}/messages/{id}"
    );
    // Only an accepted end counts: `/domains/contoso.com` spelled out by one route is
    // still the key of another when that node has what the caller wants.
    let t2 = tree(&["/domains/contoso.com/x", "/domains/{id}"]);
    let end = t2.locate("/domains/contoso.com").unwrap().node;
    assert_eq!(t2.path(end), "/domains/contoso.com");
    let keyed = t2
        .locate_where("/domains/contoso.com", |n| t2.nodes[n].step == Step::Key)
        .unwrap();
    assert_eq!(t2.path(keyed.node), "/domains/{id}");
    assert_eq!(keyed.bound, [(1, Bound::Key("contoso.com".into()))]);
    let miss = t.locate("/users/u1/contacts").unwrap_err();
    assert_eq!(
        miss.to_string(),
        "no documented route goes on from `/users/{id}` with `contacts`"
    );
}
