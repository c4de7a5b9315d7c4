"""A fixed test set for removing names from free text, written for Tryggve's tests.

Sentences as staff and residents write them in dialogue notes, EST reports, activity notes,
survey answers and place descriptions. Each name is marked with braces: `{Anna Svensson}` is one
name, which counts as removed only when every word of it is. Everything else is an ordinary word
(or a place name) that must stay. The people are invented; some names are common ones, some are
rare (not in any list), a few are written in lower case, as people sometimes do.
"""

from typing import Any

from tryggve.core.scrub import WORD

DIALOGUE_NOTES = [
    "{Anna Svensson} sa att belysningen i gångtunneln är trasig sedan i höstas.",
    "Enligt {Lars Johansson} samlas ungdomar vid Vallås torg varje fredag.",
    "{Fatima Ali} berättade om mopeder som kör på gångvägen.",
    "Mötet leddes av {Eva Karlsson} från kommunen.",
    "{Mohammed} tycker att det behövs fler vuxna ute på kvällarna.",
    "Vi träffade {Kerstin Lindqvist} och hennes granne vid centrum.",
    "{Ahmed Hassan} frågade om polisen kan komma oftare till Andersberg.",
    "Boende nämnde att {Peter Nilsson} brukar städa lekplatsen själv.",
    "{Maria} och {Johan} vill ha bättre belysning vid busshållplatsen.",
    "Samtalet med {Birgitta Persson} handlade om inbrott i förråden.",
    "{Sofia Andersson} från HFAB tog anteckningar under mötet.",
    "Flera sa att {Erik} kör för fort med sin moped.",
    "{Karin Olsson} undrade varför gatlamporna släcks så tidigt.",
    "Grannen {Leif} har sett langning bakom affären.",
    "{Ingrid Gustafsson} och {Ulla Pettersson} bjöd på kaffe.",
    "På mötet i Getinge var {Björn Eriksson} mycket engagerad.",
    "{Stig} sa att det var bättre förr.",
    "En kvinna som heter {Zeynep} berättade om hot i trapphuset.",
    "{Hanna Larsson} föreslog nattvandringar på helgerna.",
    "Enligt {Mats Lundgren} har klottret ökat vid skolan.",
    "{Aisha Mohamed} vill att fritidsgården håller öppet längre.",
    "Vi lovade {Gunilla} att återkomma om belysningen.",
    "Ordföranden {Göran Jönsson} tackade för ett bra möte.",
    "{Ali} och hans vänner vill ha en plats att vara på.",
    "Boende på Nyhem, bland annat {Linnea Berg}, klagade på buskörning.",
    "{Sven-Erik Holm} har bott i Oskarström i fyrtio år.",
    "Frågan från {Elin} gällde trafiken förbi skolan.",
    "{Omar Abdi} sa att gängen har blivit färre.",
    "Mamma {Jessica} är orolig för sin son på kvällarna.",
    "{Rut Axelsson} tyckte att polisen syns för lite.",
    "Samtal med {Nils} och {Oskar} om mopedåkning.",
    "{Anders Bengtsson} vill att buskarna vid gångstråket röjs.",
    "Vid ståndet på torget pratade vi med {Emma Jakobsson}.",
    "{Marie-Louise Sjöberg} har startat grannsamverkan i sitt område.",
    "{Per} sa att han inte vågar gå ut efter tio.",
    "{Helena Mattsson} från skolan berättade om oron bland eleverna.",
    "{Ibrahim} tyckte att det har blivit lugnare i år.",
    "En pappa, {Daniel Hansson}, ville ha farthinder utanför förskolan.",
    "{Lisa} och {Kalle} föreslog en ny mötesplats för unga.",
    "Enligt {Agneta Nyberg} lyser lamporna i tunneln inte alls.",
    "{Thomas Björk} bjöd in till trygghetsvandring i Söndrum.",
    "{Yusuf Ahmadi} bad om fler papperskorgar vid parken.",
    "{Camilla Holmberg} och {Pia} var med från föreningen.",
    "Vi pratade länge med {Bo Strand} om trafiken.",
    "{Hans Lindberg} sa att han har ringt polisen flera gånger.",
    "{Margareta} från PRO undrade om väktare på nätterna.",
    "{Sara Ekström} tyckte att det var tryggare förra året.",
    "{Robert Falk} ville veta mer om EST.",
    "Dialogen med {Mirja Tallroth} handlade om skolvägen.",
    "{Kristina Åberg} sa att ungdomarna är trevliga men högljudda.",
]

EST_REPORTS = [
    "Krossad ruta i porten, anmält av {Jonas Forsberg}.",
    "{Patrik} från HFAB såg klotter på fasaden mot parkeringen.",
    "Grupp vid lekplatsen, en av dem kallas {Kevin}.",
    "Väktaren {Mikael Sundberg} hittade sprutor i rabatten.",
    "Brand i papperskorg, släckt av {Magnus}.",
    "{Johanna Nordin} rapporterar buskörning på parkeringen.",
    "Misstänkt langning vid busshållplatsen, enligt {Tobias}.",
    "Hyresgästen {Anneli Wikström} klagar på skräp vid återvinningen.",
    "{Viktor Lindholm} såg två personer bryta upp ett förråd.",
    "Fastighetsskötaren {Roger} har bytt trasiga lampor i trappan.",
    "Hotfull stämning vid entrén, {Malin Hedlund} ringde polisen.",
    "{Emil Söderberg} från kommunen tog bort klottret.",
    "Cykelstölder i cykelrummet, anmält av {Sandra}.",
    "Bråk utanför affären mellan {Adam} och en okänd man.",
    "{Henrik Sandberg} rapporterar mopeder på gångvägen vid skolan.",
    "Skadegörelse på busskuren, {Lena Engström} har fotograferat.",
    "Oro vid lekplatsen på kvällen, sedd av {Ronja}.",
    "{Jimmy Lindström} meddelade att porten inte går att låsa.",
    "Nytt klotter i gångtunneln, upptäckt av {Susanne}.",
    "Personalen på fritidsgården, {Amir} och {Selma}, såg en grupp.",
    "{Christoffer Blom} rapporterar glassplitter på gångvägen.",
    "Igenvuxet buskage skymmer sikten, påtalat av {Monica Lund}.",
    "{Hassan Ali} såg en bil som brann på parkeringen.",
    "{Åsa Bergström} från Stadens Hjärta rapporterar fylla vid Stora torg.",
    "En boende, {Gunnar}, har hittat en cykel som lämnats kvar.",
    "{Simon Eklund} rapporterar att lamporna vid gångstigen är släckta.",
    "{Fredrik Hermansson} från Halmstad City såg snatteri i butiken.",
    "Grannen {Ewa} hörde glas som krossades i natt.",
    "{Jenny Axelsson} meddelar att dörren till soprummet är trasig.",
    "Trasig belysning vid cykelstället, enligt {Oliver Dahlberg}.",
    "{Klara} såg ungdomar som kastade sten mot bussen.",
    "{Samuel Berglund} har tagit bort skräp runt containrarna.",
    "{Leo} från kommunen rapporterar vandalisering i parken.",
    "Väktaren {Dragan Petrović} jagade bort en grupp vid skolan.",
    "{Annika Fransson} meddelar att hissen har vandaliserats.",
    "Mopedåkning på gångvägen, {Linus} tog kort på registreringsskylten.",
    "{Maja Strömberg} hittade en väska i buskarna.",
    "{Noah} och {Liam} sågs klottra på skolans vägg.",
    "Brand i soprum, anmält av hyresgästen {Irene Holmgren}.",
    "{Alexander Lindgren} rapporterar hög musik sent vid torget.",
    "Skräp vid återvinningen igen, skriver {Marcus}.",
    "{Ebba Nyström} såg en man som betedde sig hotfullt.",
    "Enligt {Rasmus Ek} har någon sprayat på elskåpet.",
    "{Elsa Blomqvist} har rapporterat samma problem tre veckor i rad.",
    "{Lucas} från HFAB lagade dörren samma dag.",
    "Stöld ur bil på parkeringen, upptäckt av {Carina Åström}.",
    "{Jörgen Lindahl} såg rökutveckling från källaren.",
    "Glassplitter på gångvägen, anmält av {Zara}.",
    "{Isak Wallin} rapporterar att belysningen är trasig igen.",
    "Bråk vid kiosken, där {Dennis} var inblandad.",
]

ACTIVITY_NOTES = [
    "Trafikkontroll tillsammans med {Jonas} och {Petra}.",
    "{Anna} och jag pratade med föräldrar vid skolan.",
    "Nattvandring med {Göran}, {Birgitta} och {Ali}.",
    "Samtal vid torget, {Lars Eriksson} från kommunen deltog.",
    "Besök på fritidsgården, {Sofie} visade lokalerna.",
    "Mopedkontroll, tolv kontrollerade, {Erik Svensson} ledde.",
    "{Karin} och {Mats} höll i trygghetsvandringen.",
    "Möte om narkotikaläget med {Ulf Hedberg} från socialtjänsten.",
    "Farthinder vid Vallås torg, {Tommy} från tekniska kontoret var med.",
    "Samtal med {Agnes} om oro i trapphuset.",
    "{Hampus Ekman} och {Wilma} delade ut reflexer.",
    "Hastighetskontroll vid skolan tillsammans med {Pontus}.",
    "{Kent Lundberg} från HFAB visade de nya lamporna.",
    "Trygghetsvandring med boende, {Inga-Lill} och {Arne} guidade.",
    "Föräldramöte där {Jasmine Karlsson} berättade om fältarnas arbete.",
    "{Anton} och {Ida} från fältgruppen var ute hela kvällen.",
    "Kontakt med {Mattias Holm} om nya kameror vid stationen.",
    "{Filip Johansson} ledde kontrollen av mopeder.",
    "Besök hos {Astrid} som ringt om buskörning.",
    "Samverkansmöte, protokoll skrivet av {Louise Andersson}.",
    "{Ove} från PRO följde med på vandringen.",
    "{Tove Sandström} och {Max} var med på nattvandringen.",
    "Samtal med butiksägaren {Hüseyin Yilmaz} om snatteri.",
    "{Cecilia} från kyrkan bjöd på fika under kvällen.",
    "Trafikkontroll vid Getinge, {Stefan Axelsson} rapporterade.",
    "{Elias} från polisen pratade med ungdomarna.",
    "Närvaro i centrum tillsammans med {Josefin Gran}.",
    "{Moa} och {Alva} från föreningen delade ut flygblad.",
    "Samtal med rektorn {Ulrika Lindholm} om skolvägen.",
    "Vandring med {Yasmin}, {Rolf} och två boende.",
]

SURVEY_ANSWERS = [
    "Min granne {Anders} kör alltid för fort på vår gata.",
    "Det var {Kevin Johansson} som slog sönder busskuren.",
    "{Emma} på fritidsgården gör ett fantastiskt jobb.",
    "Tacka {Bengt} för att han städar vid lekplatsen.",
    "Jag är rädd för {Robin} och hans kompisar.",
    "Polisen borde prata med {Dennis Karlsson} som säljer droger.",
    "Mer vuxna ute, som {Malin} och hennes nattvandrare.",
    "{Lotta Berg} har gjort mycket för området.",
    "Killen som heter {Albin} brukar sitta vid tunneln.",
    "Fältaren {Sebastian} är bra, ge honom mer tid.",
    "Jag heter {Louise Persson} och bor på Linehed.",
    "{Ahmed} i kiosken ser allt som händer.",
    "Ring mig, {Kerstin}, om ni vill veta mer.",
    "Vi är många som litar på {Ingela} i föreningen.",
    "Gänget kring {Jonathan} skrämmer de äldre.",
    "Min son {Hugo} vågar inte gå till skolan ensam.",
    "{Jan-Olof Bengtsson} på andra våningen spelar hög musik.",
    "Hälsa till {Elisabeth} och säg att lampan fortfarande är trasig.",
    "Fröken {Signe} på förskolan har sagt samma sak.",
    "{William} och {Oscar} kastar sten på bilar.",
    "Jag tycker att {Gustav} från kommunen lyssnar för lite.",
    "Vi har klagat till {Annelie Söderström} på HFAB flera gånger.",
    "Bättre belysning, säger min dotter {Tilda}.",
    "{Britt} i nummer fyra ser allt från sitt fönster.",
    "Fältaren {Mustafa} borde få fortsätta.",
    "{Vincent} på gården har startat en fotbollsklubb.",
    "Jag vill tacka {Lennart Holmqvist} för nattvandringarna.",
    "{Ellen} och jag går alltid tillsammans på kvällarna.",
    "Skolvakten {Ibrahim Hussein} är en trygg vuxen.",
    "Mina barn leker med {Alice} och {Vera} på gården.",
    "{Ronny} säljer saker ur sin bil på parkeringen.",
    "Hyresvärden {Kjell Engberg} gör ingenting.",
    "Vi behöver fler som {Ann-Christin} som bryr sig.",
    "{Felix} har blivit hotad vid busshållplatsen.",
    "Prata med {Lina Nordström}, hon har sett det mesta.",
    "{Julia} och {Maja} vill ha en säker cykelväg.",
    "{Håkan} i kvarteret har kamera på sin balkong.",
    "Min man {Roland} har slutat gå ut på kvällarna.",
    "jag heter {sara} och bor här sedan två år.",
    "min granne {johan} har sett langningen.",
]

PLACE_DESCRIPTIONS = [
    "Bakom {Lindas} frisersalong är det mörkt.",
    "Vid {Kenneths} pizzeria samlas det gäng.",
    "Utanför {Olssons} kiosk på kvällarna.",
    "Gången mellan {Karins} hus och skolan.",
    "Parkeringen där {Tommy} brukar stå med bilen.",
    "Vid bänken där {Ali} och hans kompisar sitter.",
    "Trappan upp till {Marias} lägenhet, lampan är trasig.",
    "Hörnet vid {Svenssons} garage är mörkt.",
    "Gångvägen förbi {Johanssons} trädgård.",
    "Busshållplatsen där {Emil} blev rånad.",
    "Vid {Abdis} butik är det stökigt.",
    "Cykelstället utanför {Nilssons} port.",
    "Lekplatsen där {Leo} blev slagen.",
    "Gräsplanen bakom {Bengtssons} hus.",
    "Tunneln där {Sanna} blev förföljd.",
    "Vid {Petras} hus är det ingen belysning.",
    "Skogsdungen bakom {Gunnars} gård.",
    "Vid fönstret där {Ingrid} bor syns allt.",
    "Gången där {Wilma} brukar gå hem.",
    "Entrén där {Rami} och några till hänger.",
    "Parkeringen vid {Ekströms} verkstad.",
    "Vid porten där {Ann-Marie} bor.",
    "Gatan där {Jonas Berglund} parkerar sin husbil.",
    "Kiosken som {Mehmet} äger, där säljs det droger.",
    "Vid {Lundqvists} förråd har det varit inbrott.",
    "Stigen mot skolan där {Elsa} blev rädd.",
    "Vid {Fredriks} gamla bil som står övergiven.",
    "Hörnet där {Dragan} brukar stå.",
    "Platsen bakom {Hedlunds} lada.",
    "Vid pizzerian som {Anders Holm} driver.",
]

# Sentences without names, where names that are also words are used as words, and place names
# that hold names: nothing here may be removed.
ORDINARY = [
    "Inga lampor lyser i gångtunneln på kvällen.",
    "Hans bil stod parkerad på gångvägen i flera dagar.",
    "Per dag passerar hundratals mopeder skolan.",
    "Bo i Vallås är tryggare nu än för två år sedan.",
    "Stigen genom skogen är mörk och igenvuxen.",
    "Björnen i lekparken har blivit nedklottrad.",
    "Mina barn vågar inte gå till skolan ensamma.",
    "Klara besked från polisen skulle hjälpa.",
    "Stark belysning vid torget gör stor skillnad.",
    "Mark vid skolan används som parkering på kvällarna.",
    "Rosa klotter på väggen vid Gustav Adolfs torg.",
    "Sten kastades mot bussen vid Vallås torg.",
    "Dag och natt är det folk vid stationen.",
    "Frisk luft och fler vuxna ute är bra för alla.",
    "Saga om trygghet: det blev bättre efter vandringen.",
    "Ström saknas i belysningen längs Karl XI:s väg.",
    "Berg av skräp ligger vid återvinningen.",
    "Rask hjälp från kommunen när lampan gick sönder.",
    "Liv och rörelse vid Stora torg på lördagar.",
    "Fred och ro i Getinge, tycker de flesta.",
    "Tom parkering på natten känns otrygg.",
    "Lina och rep har hängts upp i trädet vid skolan.",
    "Vide och sly skymmer sikten längs gångstråket.",
    "Strand och bad vid Tylösand lockar mycket folk.",
    "Storm fällde träd över gångvägen i Simlångsdalen.",
    "Lova att laga lampan innan mörkret kommer.",
    "Rut är bra, men städningen vid torget behövs mer.",
    "Ek och bok skymmer lyktstolparna längs vägen.",
    "Maj var lugnare än april i Andersberg.",
    "Lund och Malmö har liknande problem, läste jag.",
]

SENTENCES = DIALOGUE_NOTES + EST_REPORTS + ACTIVITY_NOTES + SURVEY_ANSWERS + PLACE_DESCRIPTIONS + ORDINARY

# The municipality's own places, as the scrubber gets them from its callers.
PLACES = [
    "Halmstad",
    "Halmstads kommun",
    "Vallås",
    "Andersberg",
    "Linehed",
    "Nyhem",
    "Söndrum",
    "Getinge",
    "Oskarström",
    "Simlångsdalen",
    "Stadskärnan",
    "Tylösand",
    "HFAB",
    "Halmstad City",
    "Stadens Hjärta",
]


def marked(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence without braces, and the span of each name in it."""
    text, spans = "", []
    for part in sentence.split("{"):
        if "}" in part:
            name, rest = part.split("}", 1)
            spans.append((len(text), len(text) + len(name)))
            text += name + rest
        else:
            text += part
    return text, spans


def measure(sentences: list[str], removed_spans: Any) -> tuple[int, int, int, int]:
    """(names, names removed, ordinary words, ordinary words removed) over the sentences;
    `removed_spans(text)` gives the spans the scrubber removes."""
    names = names_removed = words = words_removed = 0
    for sentence in sentences:
        text, spans = marked(sentence)
        removed = removed_spans(text)

        def gone(start: int, end: int) -> bool:
            return any(low <= start and end <= high for low, high in removed)  # noqa: B023

        for start, end in spans:
            names += 1
            parts = [m.span() for m in WORD.finditer(text, start, end)]
            names_removed += all(gone(s, e) for s, e in parts)
        for match in WORD.finditer(text):
            if any(low <= match.start() < high for low, high in spans):
                continue
            words += 1
            words_removed += gone(*match.span())
    return names, names_removed, words, words_removed
