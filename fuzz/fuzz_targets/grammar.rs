//! A small grammar of valid-looking strategy trees for the fuzz targets: ids from a
//! tiny pool (so references collide, loop and dangle), numbers that include NaN,
//! infinities and 1e308, dates that end before they start, text with control
//! characters and markup. Shared by the targets and the corpus replay test.
#![allow(dead_code)]

use std::fmt::Write;

use arbitrary::Arbitrary;

#[derive(Arbitrary, Debug)]
pub struct Spec {
    visions: u8,
    statement: Text,
    pillars: Vec<PillarSpec>,
    teams: Vec<TeamSpec>,
    cycles: Vec<CycleSpec>,
    objectives: Vec<ObjectiveSpec>,
    limits: Option<(u8, u8, u8)>,
    pace: Option<(Num, Num)>,
    files: u8,
}

#[derive(Arbitrary, Debug)]
struct Id(u8);

impl Id {
    fn text(&self, prefix: &str) -> String {
        match self.0 {
            // Now and then an id that is not a slug.
            250 => "bad id".into(),
            251 => String::new(),
            252 => "рlatform".into(),
            n => format!("{prefix}{}", n % 6),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Text(String);

impl Text {
    fn toml(&self) -> String {
        let mut out = String::from("\"");
        for c in self.0.chars().take(200) {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

#[derive(Arbitrary, Debug)]
enum Num {
    Small(i16),
    Tenth(i32),
    Any(f64),
}

impl Num {
    fn toml(&self) -> String {
        let x = match self {
            Self::Small(n) => f64::from(*n),
            Self::Tenth(n) => f64::from(*n) / 10.0,
            Self::Any(x) => *x,
        };
        if x.is_nan() {
            "nan".into()
        } else if x.is_infinite() {
            if x > 0.0 { "inf".into() } else { "-inf".into() }
        } else {
            format!("{x:?}")
        }
    }
}

#[derive(Arbitrary, Debug)]
struct PillarSpec {
    id: Id,
    title: Text,
    perspective: Option<u8>,
    owner: Option<Id>,
    file: u8,
}

#[derive(Arbitrary, Debug)]
struct TeamSpec {
    id: Id,
    name: Option<Text>,
    parent: Option<Id>,
    lead: Option<Id>,
    members: Vec<Id>,
    file: u8,
}

#[derive(Arbitrary, Debug)]
struct CycleSpec {
    id: Id,
    start: u16,
    length: i16,
    file: u8,
}

#[derive(Arbitrary, Debug)]
struct ObjectiveSpec {
    id: Id,
    title: Text,
    team: Id,
    cycle: Id,
    owner: Option<Id>,
    supports: Vec<(bool, Id)>,
    depends_on: Vec<Id>,
    aspirational: Option<bool>,
    status: Option<u8>,
    key_results: Vec<KrSpec>,
    file: u8,
}

#[derive(Arbitrary, Debug)]
struct KrSpec {
    id: Id,
    title: Text,
    kind: Option<u8>,
    baseline: Option<Num>,
    target: Option<Num>,
    current: Option<Num>,
    stretch: Option<Num>,
    unit: Option<Text>,
    done: Option<bool>,
    zones: Option<(Text, Option<u8>)>,
    weight: Option<Num>,
    confidence: Option<Confidence>,
    owner: Option<Id>,
    checked: Option<u16>,
    signal: Option<bool>,
}

#[derive(Arbitrary, Debug)]
enum Confidence {
    Fraction(Num),
    Scale(i8),
    Word(u8),
}

fn date(offset: i64) -> String {
    let day = jiff::civil::date(2026, 1, 1)
        .checked_add(jiff::Span::new().days(offset.clamp(-3000, 3000)))
        .unwrap_or(jiff::civil::date(2026, 1, 1));
    day.to_string()
}

fn handle(id: &Id) -> String {
    format!("\"@{}\"", id.text("p"))
}

impl Spec {
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let count = usize::from(self.files % 4) + 1;
        let mut files = vec![String::new(); count];
        let at = |file: u8| usize::from(file) % count;
        let mut settings = String::from("name = \"Fuzz\"\n");
        if let Some((max, min, krs)) = self.limits {
            let _ = write!(
                settings,
                "[limits]\nmax_objectives_per_team = {}\nmin_objectives_per_team = {}\nmax_key_results = {}\n",
                max % 8,
                min % 3,
                krs % 8
            );
        }
        if let Some((at_risk, off_track)) = &self.pace {
            let _ = write!(
                settings,
                "[pace]\nat_risk = {}\noff_track = {}\n",
                at_risk.toml(),
                off_track.toml()
            );
        }
        for _ in 0..self.visions % 3 {
            let _ = write!(
                files[0],
                "[vision]\nstatement = {}\n",
                self.statement.toml()
            );
        }
        for p in &self.pillars {
            let f = &mut files[at(p.file)];
            let _ = write!(
                f,
                "[[pillar]]\nid = \"{}\"\ntitle = {}\n",
                p.id.text("pillar"),
                p.title.toml()
            );
            if let Some(n) = p.perspective {
                let name =
                    ["financial", "customer", "process", "learning", "other"][usize::from(n % 5)];
                let _ = writeln!(f, "perspective = \"{name}\"");
            }
            if let Some(o) = &p.owner {
                let _ = writeln!(f, "owner = {}", handle(o));
            }
        }
        for t in &self.teams {
            let f = &mut files[at(t.file)];
            let _ = write!(f, "[[team]]\nid = \"{}\"\n", t.id.text("team"));
            if let Some(name) = &t.name {
                let _ = writeln!(f, "name = {}", name.toml());
            }
            if let Some(parent) = &t.parent {
                let _ = writeln!(f, "parent = \"{}\"", parent.text("team"));
            }
            if let Some(lead) = &t.lead {
                let _ = writeln!(f, "lead = {}", handle(lead));
            }
            let members: Vec<String> = t.members.iter().take(4).map(handle).collect();
            let _ = writeln!(f, "members = [{}]", members.join(", "));
        }
        for c in &self.cycles {
            let f = &mut files[at(c.file)];
            let start = i64::from(c.start % 800);
            let _ = write!(
                f,
                "[[cycle]]\nid = \"{}\"\nstart = {}\nend = {}\n",
                c.id.text("c"),
                date(start),
                date(start + i64::from(c.length % 200))
            );
        }
        for o in self.objectives.iter().take(40) {
            let f = &mut files[at(o.file)];
            let _ = write!(
                f,
                "[[objective]]\nid = \"{}\"\ntitle = {}\nteam = \"{}\"\ncycle = \"{}\"\n",
                o.id.text("o"),
                o.title.toml(),
                o.team.text("team"),
                o.cycle.text("c")
            );
            if let Some(owner) = &o.owner {
                let _ = writeln!(f, "owner = {}", handle(owner));
            }
            let supports: Vec<String> = o
                .supports
                .iter()
                .take(3)
                .map(|(pillar, id)| {
                    format!("\"{}\"", id.text(if *pillar { "pillar" } else { "o" }))
                })
                .collect();
            let _ = writeln!(f, "supports = [{}]", supports.join(", "));
            let depends: Vec<String> = o
                .depends_on
                .iter()
                .take(3)
                .map(|id| format!("\"{}\"", id.text("o")))
                .collect();
            let _ = writeln!(f, "depends_on = [{}]", depends.join(", "));
            if let Some(a) = o.aspirational {
                let _ = writeln!(
                    f,
                    "kind = \"{}\"",
                    if a { "aspirational" } else { "committed" }
                );
            }
            if let Some(s) = o.status {
                let name = ["active", "achieved", "missed", "dropped", "draft"][usize::from(s % 5)];
                let _ = writeln!(f, "status = \"{name}\"");
            }
            for kr in o.key_results.iter().take(7) {
                kr.write(f);
            }
        }
        let mut out = vec![("align.toml".to_string(), settings.into_bytes())];
        for (i, text) in files.into_iter().enumerate() {
            out.push((format!("f{i}.toml"), text.into_bytes()));
        }
        out
    }
}

impl KrSpec {
    fn write(&self, f: &mut String) {
        let _ = write!(
            f,
            "[[objective.key_result]]\nid = \"{}\"\ntitle = {}\n",
            self.id.text("k"),
            self.title.toml()
        );
        if let Some(k) = self.kind {
            let name = [
                "increase",
                "decrease",
                "stay_above",
                "stay_below",
                "milestone",
                "ordinal",
            ][usize::from(k % 6)];
            let _ = writeln!(f, "kind = \"{name}\"");
        }
        for (key, value) in [
            ("baseline", &self.baseline),
            ("target", &self.target),
            ("current", &self.current),
            ("stretch", &self.stretch),
            ("weight", &self.weight),
        ] {
            if let Some(v) = value {
                let _ = writeln!(f, "{key} = {}", v.toml());
            }
        }
        if let Some(unit) = &self.unit {
            let _ = writeln!(f, "unit = {}", unit.toml());
        }
        if let Some(done) = self.done {
            let _ = writeln!(f, "done = {done}");
        }
        if let Some((words, zone)) = &self.zones {
            let _ = writeln!(
                f,
                "commit_zone = {0}\ntarget_zone = {0}\nstretch_zone = {0}",
                words.toml()
            );
            if let Some(z) = zone {
                let name = ["fail", "commit", "target", "stretch"][usize::from(z % 4)];
                let _ = writeln!(f, "zone = \"{name}\"");
            }
        }
        match &self.confidence {
            Some(Confidence::Fraction(x)) => {
                let _ = writeln!(f, "confidence = {}", x.toml());
            }
            Some(Confidence::Scale(n)) => {
                let _ = writeln!(f, "confidence = {n}");
            }
            Some(Confidence::Word(w)) => {
                let word = ["low", "medium", "high", "HIGH", "sure"][usize::from(w % 5)];
                let _ = writeln!(f, "confidence = \"{word}\"");
            }
            None => {}
        }
        if let Some(owner) = &self.owner {
            let _ = writeln!(f, "owner = {}", handle(owner));
        }
        if let Some(days) = self.checked {
            let _ = writeln!(f, "checked = {}", date(i64::from(days % 800)));
        }
        if let Some(leading) = self.signal {
            let _ = writeln!(
                f,
                "signal = \"{}\"",
                if leading { "leading" } else { "lagging" }
            );
        }
    }
}
