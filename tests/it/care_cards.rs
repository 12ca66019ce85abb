//! Care cards: ```` ```care urgent ```` blocks in Markdown become the theme's care card (the
//! `care_card` component in partials/care-card.html), their text rendered as Markdown with
//! checked links; a kind knead does not know fails the build at the fence's line.

use crate::support::{SITE, Site, article, lines};

const CARDS: &str = "Most back pain gets better.

## Get help

```care urgent
Call an emergency number now if:

- you cannot feel your legs
- you fell badly, see [after a fall](@/causes/falls.md)
```

```care doctor
See a doctor if:

The pain is **no better** after a few weeks.
```

```care self-care
## Things you can try

Keep moving. <script>alert(1)</script>
```

```rust
care is not a card here
```
";

fn site_with(body: &str) -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/pain.md",
            &article("title: Pain\nsummary: When to get help.", body),
        ),
        (
            "content/causes/falls.md",
            &article("title: Falls\nsummary: After a fall.", "Falls.\n"),
        ),
    ])
}

#[test]
fn care_cards_main_element() {
    let site = site_with(CARDS);
    let main = site.build(&[]).ok().main("causes/pain/index.html");
    insta::assert_snapshot!(lines(&main));
}

#[test]
fn care_card_headings_are_in_the_outline_and_can_be_linked_to() {
    let site = site_with(CARDS);
    site.write(
        "content/causes/falls.md",
        article(
            "title: Falls\nsummary: After a fall.",
            "See [when to call](@/causes/pain.md#call-an-emergency-number-now-if).\n",
        ),
    );
    let build = site.build(&[]).ok();
    let page = build.read("causes/pain/index.html");
    assert!(
        page.contains("<h3 class=\"care-card-heading\" id=\"call-an-emergency-number-now-if\">"),
        "{page}"
    );
    assert!(
        build
            .read("causes/falls/index.html")
            .contains("pain/#call-an-emergency-number-now-if\""),
        "a link to a card's heading is checked and written"
    );
}

#[test]
fn an_unknown_care_card_kind_is_an_error_at_its_line() {
    let site = site_with("Intro.\n\n```care urgnt\nCall now if:\n```\n\n```care\nNo kind\n```\n");
    let build = site.build(&[]).failed();
    assert!(
        !site.path("public").exists(),
        "a failed build wrote nothing"
    );
    insta::assert_snapshot!(build.stderr);
}

#[test]
fn links_inside_care_cards_are_checked() {
    let site =
        site_with("```care doctor\nSee a doctor if:\n\n- read [this](@/causes/nope.md)\n```\n");
    let build = site.build(&[]).failed();
    assert!(
        build.stderr.contains(
            "content/causes/pain.md:9: link to `@/causes/nope.md`: there is no such page"
        ),
        "{}",
        build.stderr
    );
}

#[test]
fn a_site_can_restyle_care_cards_with_its_own_partial() {
    let site = site_with(CARDS);
    site.write(
        "templates/partials/care-card.html",
        "{% component care_card(kind, heading, level=2, id=\"\") %}<aside data-kind=\"{{ kind }}\"><b>{{ heading }}</b>{{ body }}</aside>{% endcomponent care_card %}",
    );
    let page = site.build(&[]).ok().read("causes/pain/index.html");
    assert!(
        page.contains("<aside data-kind=\"urgent\"><b>Call an emergency number now if:</b><ul>"),
        "{page}"
    );
    assert_eq!(page.matches("<aside data-kind=\"").count(), 3);
}
