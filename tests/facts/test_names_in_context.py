"""A name's label and extent from the words around it: sides, storms, products by their
nouns, owners and codes, companies by their words, publications, owners' events. Each
case is one paragraph through the whole extractor, and the label of one name in it."""

from __future__ import annotations

import pytest

from worker.facts import Extractor


def _labels(extractor: Extractor, *paragraphs: str) -> dict[str, str]:
    """Each mention's text in the output, with its entity's label."""
    result = extractor.extract(list(enumerate(paragraphs)))
    return {
        str(m["text"]): str(e["label"])
        for e in result.entities
        for m in e["mentions"]  # type: ignore[union-attr]
    }


@pytest.mark.parametrize(
    ("paragraph", "name", "label"),
    [
        # A head word before "of", where the model proposed nothing or a date.
        (
            "Candles marked 10 years since the start of the Revolution of Dignity in Kyiv.",
            "Revolution of Dignity",
            "EVENT",
        ),
        ("Shelling went on through the Siege of Mariupol.", "Siege of Mariupol", "EVENT"),
        # A head word after capitalized words.
        ("Her novel is about the 1980 Gwangju Uprising and its dead.", "Gwangju Uprising", "EVENT"),
        # An organization's opening word the model left out.
        (
            "World Meteorological Organization chief Petteri Taalas said the deaths were needless.",
            "World Meteorological Organization",
            "ORG",
        ),
        # A ship the model cut after a title; a product line's number after "Series".
        (
            "The Royal Navy's HMS Queen Elizabeth left Portsmouth on Sunday.",
            "HMS Queen Elizabeth",
            "PRODUCT",
        ),
        ("Apple showed the Apple Watch Series 10 on Monday.", "Apple Watch Series 10", "PRODUCT"),
        ("Microsoft cut the price of the Xbox Series S by 10%.", "Xbox Series S", "PRODUCT"),
        ("Fans watched the World Series 2024 in Los Angeles.", "World Series 2024", "EVENT"),
        # A product noun after a name its owner is named before, whatever the model said.
        ("It was the fastest seller on Valve's Steam platform this year.", "Steam", "PRODUCT"),
        ("Alibaba released an upgraded version of its Qwen model.", "Qwen", "PRODUCT"),
        # A product noun right before a name.
        ("GSK said sales of its vaccine Arexvy fell.", "Arexvy", "PRODUCT"),
        ("A man says the weedkiller Roundup gave him cancer.", "Roundup", "PRODUCT"),
        # Not an agency after "service", not a maker the rules know, not a clause.
        ("The rivers fell, the German weather service DWD said.", "DWD", "ORG"),
        ("Sales of China's Huawei phones rose in Europe.", "Huawei", "ORG"),
        (
            "Chief executive Mark Zuckerberg said the glasses would sell.",
            "Mark Zuckerberg",
            "PERSON",
        ),
        # Ships named after provinces, with "the" before them, in a story about ships;
        # "the" after a word of place is the place's.
        (
            "China commissioned its third aircraft carrier, the Fujian, on Tuesday. The "
            "Fujian joins the Liaoning and the Shandong, both of which launch jets from ramps.",
            "Liaoning",
            "PRODUCT",
        ),
        ("Russian warships shelled towns in the Donbas on Monday.", "Donbas", "GPE"),
        # Products the model passed by, between an owner or an article and their noun.
        ("Intuitive Machines' Odysseus lander touched down on Thursday.", "Odysseus", "PRODUCT"),
        ("Japan's SLIM probe landed on its side last month.", "SLIM", "PRODUCT"),
        # What a name is, said after it; a code of four digits that is no year.
        (
            "Gilead won approval for Yeztugo, a twice-yearly injection against HIV.",
            "Yeztugo",
            "PRODUCT",
        ),
        ("Jets with Pratt & Whitney's PW1100G engine were grounded.", "PW1100G", "PRODUCT"),
        # A "law" with a version and no law's word is a product, whose version keeps it
        # from reading as a company ("at its headquarters").
        (
            "Google unveiled a foldable Pixel 9 Pro Fold at its headquarters.",
            "Pixel 9 Pro Fold",
            "PRODUCT",
        ),
        ("Lawmakers passed the Finance Act 2024 on Tuesday.", "Finance Act", "LAW"),
        # The word that makes a company's name, which the model left out or took for a
        # surname's.
        ("Rivian Automotive showed off a smaller SUV.", "Rivian Automotive", "ORG"),
        ("Rival Archer Aviation plans to fly in Abu Dhabi.", "Archer Aviation", "ORG"),
        # An owner's event, named between the owner and the event's noun; a summit is
        # named with its word, after its host or its place.
        ("Meta showed the glasses at its Connect conference in Menlo Park.", "Connect", "EVENT"),
        ("Jensen Huang told the company's GTC conference that demand was strong.", "GTC", "EVENT"),
        ("Leaders met at the NATO summit in The Hague.", "NATO summit", "EVENT"),
        ("He was attending the BRICS summit in Kazan.", "BRICS summit", "EVENT"),
        ("Biden met Putin at the Geneva summit in 2021.", "Geneva summit", "EVENT"),
        # What happened, with its lowercase word, after a place or a name the rules do
        # not know as an organization; not after a known one, a people or a compass word.
        ("Lawyers spoke of crimes in the Gaza war.", "Gaza war", "EVENT"),
        ("The Grenfell Tower fire killed 72 people.", "Grenfell Tower fire", "EVENT"),
        ("South Africa remembers the Sharpeville massacre.", "Sharpeville massacre", "EVENT"),
        ("Trump won the Iowa caucuses on Monday.", "Iowa caucuses", "EVENT"),
        ("Israel answered the Hamas massacre of October 7.", "Hamas", "ORG"),
        ("He spoke of a new phase of the Western war against Russia.", "Russia", "GPE"),
        # Storms and operations by name where the model proposed nothing; editions by
        # their year after a known event; event words ending a run of capitals.
        (
            "Hurricane Helene made landfall in Florida late on Thursday.",
            "Hurricane Helene",
            "EVENT",
        ),
        ("The strike was named Operation Midnight Hammer.", "Operation Midnight Hammer", "EVENT"),
        ("He spoke on the eve of CES 2025 in Las Vegas.", "CES 2025", "EVENT"),
        ("Gukesh won the Candidates Tournament in Toronto.", "Candidates Tournament", "EVENT"),
        ("Spain won a record fourth European Championship.", "European Championship", "EVENT"),
        # Head words before "of" that make an event of a place.
        ("Veterans marked 50 years since the Fall of Saigon.", "Fall of Saigon", "EVENT"),
        ("The Los Angeles Games will be the third in the city.", "Los Angeles Games", "EVENT"),
        ("Epic Games sued Apple in California.", "Epic Games", "ORG"),
        # Known organizations of several words over the model's pieces of them.
        (
            "He met Alice Weidel of the far-right Alternative for Germany.",
            "Alternative for Germany",
            "ORG",
        ),
        ("The hard-left France Unbowed voted with them.", "France Unbowed", "ORG"),
        ("Islamic State fighters blew up the mosque.", "Islamic State", "ORG"),
        ("Airlines including Wizz Air lease extra aircraft.", "Wizz Air", "ORG"),
        # A town by the preposition before it, what the model took for a company; a
        # state or province by its name; a player's post is no part of the name.
        ("Daniela Cavallo told employees in Wolfsburg on Monday.", "Wolfsburg", "GPE"),
        ("A French court in Avignon sentenced him on Thursday.", "Avignon", "GPE"),
        ("He invested in Nvidia last year.", "Nvidia", "ORG"),
        ("The BJP suffered heavy losses in Uttar Pradesh.", "Uttar Pradesh", "GPE"),
        ("Substitute Mikel Oyarzabal scored in the 86th minute.", "Mikel Oyarzabal", "PERSON"),
        ("He would ask the board to make Greg Abel chief executive.", "Greg Abel", "PERSON"),
        # A player and her country in one span; a description before a party's name; a
        # known club after a verb that is a title too.
        ("Coco Gauff beat Aryna Sabalenka of Belarus in the final.", "Aryna Sabalenka", "PERSON"),
        ("Lee Jae-myung of the liberal Democratic Party won.", "Democratic Party", "ORG"),
        ("Alonso has left to coach Real Madrid.", "Real Madrid", "ORG"),
        # One word of a person's name the model took for a firm or a place; a people
        # after "pro-" or "anti-".
        ("Alcaraz beat Novak Djokovic 6-2 6-2 7-6(4) on Centre Court.", "Novak Djokovic", "PERSON"),
        ("Outside, pro-Palestinian protesters were held back.", "Palestinian", "NORP"),
        # A person's given name or surname the model left out of the name.
        ("Lionel Messi led Argentina to the World Cup on Sunday.", "Lionel Messi", "PERSON"),
        ("Justice Brett Kavanaugh wrote the opinion.", "Brett Kavanaugh", "PERSON"),
        # Faiths, peoples without a state and the sides of a war are nationalities too;
        # so is each half of a compound.
        ("Houthi attacks in the Red Sea kept shippers away.", "Houthi", "NORP"),
        ("Sikh pilgrims crossed into Pakistan.", "Sikh", "NORP"),
        ("The Gallipoli campaign was an Allied attempt to take the straits.", "Allied", "NORP"),
        ("Hungarian-British writer David Szalay won the prize.", "British", "NORP"),
        ("It sits beneath the French-Swiss border.", "Swiss", "NORP"),
        # The platform by its letter, where it is posted on.
        ("UN chief Antonio Guterres wrote on X, calling for calm.", "X", "ORG"),
        ("The EU fined Elon Musk's social media platform X 120 million euros.", "X", "ORG"),
        # A country before its aircraft's code; a tier alone after a product's name; a
        # product line that is a company's name too, with its number.
        ("U.S. F-35B test jets landed on the warship.", "F-35B", "PRODUCT"),
        ("The crash of an Air India Boeing 787 killed 241.", "Boeing 787", "PRODUCT"),
        ("The crash of an Air India Boeing 787 killed 241.", "Air India", "ORG"),
        # Storms the model named without their word; parliaments and their elections;
        # known events over the model's pieces; yearly meetings; plants and arenas.
        ("MANILA (Reuters) - Typhoon Kalmaegi killed 114 people.", "Typhoon Kalmaegi", "EVENT"),
        ("The BJP lost its majority in the Lok Sabha elections.", "Lok Sabha elections", "EVENT"),
        ("Pogacar won Paris-Roubaix on Sunday.", "Paris-Roubaix", "EVENT"),
        (
            "Buffett closed the Berkshire Hathaway annual meeting.",
            "Berkshire Hathaway annual meeting",
            "EVENT",
        ),
        ("Ford builds trucks at the Kentucky Truck Plant.", "Kentucky Truck Plant", "FAC"),
        ("A Philippine Air Force helicopter crashed.", "Philippine Air Force", "ORG"),
        ("It uses the same chip as some MacBook Air laptops.", "MacBook Air", "PRODUCT"),
        ("The cheaper RTX 5070 would match the RTX 4090.", "RTX 5070", "PRODUCT"),
        ("It was powered by a Kirin 9000S chip made by SMIC.", "Kirin 9000S", "PRODUCT"),
        # What is said of products alone; not of a maker, a known company or an owner.
        ("A boycott hit sales of Bud Light last year.", "Bud Light", "PRODUCT"),
        ("Porsche said demand for its Taycan fell.", "Taycan", "PRODUCT"),
        ("Airlines cancelled orders for Boeing after the crash.", "Boeing", "ORG"),
        ("Critics welcomed the launch of Sony's new console.", "Sony", "ORG"),
        # Companies written with a possessive of their own.
        ("The rating held, though Moody's said it was reviewing the debt.", "Moody's", "ORG"),
        ("McDonald's raised prices in France.", "McDonald's", "ORG"),
        # A side's plural last word the model cut off, in a paragraph about sport.
        (
            "The Lakers beat the Golden State Warriors 121-115 at Crypto.com Arena.",
            "Golden State Warriors",
            "ORG",
        ),
        # A stock ticker names its company; a publication after its noun is one.
        ("Ford (F.N) cut its full-year profit forecast on Wednesday.", "F.N", "ORG"),
        ("Researchers reported in the journal Cell that the protein helped.", "Cell", "ORG"),
        ("The result heaped pressure on the coach, and the tabloid Bild agreed.", "Bild", "ORG"),
        # What kind of place a name is, said before it ("the village of") or after it in
        # lowercase ("rivers", "plant"); a company before a plant is its owner.
        ("The glacier buried much of the village of Blatten in Valais.", "Blatten", "GPE"),
        ("A boat capsized off the Italian island of Lampedusa.", "Lampedusa", "LOC"),
        ("Mining has poisoned the Pra and Ankobra rivers.", "Ankobra", "LOC"),
        ("Images showed repair work at the Fordow enrichment plant.", "Fordow", "FAC"),
        ("Workers walked out at the Boeing plant in Seattle.", "Boeing", "ORG"),
        ("Crowds packed Khao San Road on Saturday.", "Khao San Road", "FAC"),
        ("Stations on the Long Island Rail Road will be rebuilt.", "Long Island Rail Road", "ORG"),
        ("Wreaths were laid at the Australian War Memorial.", "Australian War Memorial", "FAC"),
        # A list of known places the model made one name of.
        ("Missiles cut power to parts of Kyiv, Kharkiv and Odesa overnight.", "Kharkiv", "GPE"),
        # A body's name goes on after its word; a treaty's subject is part of its name.
        (
            "The Public Health Agency of Canada will fund clinics.",
            "Public Health Agency of Canada",
            "ORG",
        ),
        (
            "Iran moved to leave the Treaty on the Non-Proliferation of Nuclear Weapons.",
            "Treaty on the Non-Proliferation of Nuclear Weapons",
            "LAW",
        ),
        # A body's span that ran on into the next title's first word.
        (
            "Talks between the British Medical Association and Health Secretary Wes Streeting "
            "broke down.",
            "British Medical Association",
            "ORG",
        ),
        # A company by the word before it, and by its ticker after it.
        ("Escorts are run by the contractor Serco, whose shares fell.", "Serco", "ORG"),
        ("MILAN, Feb. 3 (Reuters) - De'Longhi (DLG.MI) agreed to buy a brand.", "De'Longhi", "ORG"),
        # A person named alone at a sentence's start, doing what news has people do.
        (
            "Ghana's President John Mahama signed a law on Friday. Mahama said the board "
            "would be audited.",
            "Mahama",
            "PERSON",
        ),
        # What happened at a place or to a body, its lowercase word in its name.
        ("It was the deadliest since the Agadir earthquake of 1960.", "Agadir earthquake", "EVENT"),
        ("Nine days before the Bundestag election, the party fell.", "Bundestag election", "EVENT"),
        (
            "Everton drew in the last Merseyside derby at Goodison Park.",
            "Merseyside derby",
            "EVENT",
        ),
        # Feasts by what is done on them.
        ("Crowds packed the streets as Thailand celebrated Songkran.", "Songkran", "EVENT"),
        ("Visitors came for the Sikh festival of Baisakhi.", "Baisakhi", "EVENT"),
        # After its first mention a storm or an operation goes by its name alone.
        (
            "Hurricane Maria left Puerto Rico without power. Maria struck two weeks after "
            "Hurricane Irma brushed the island.",
            "Maria",
            "EVENT",
        ),
        (
            "The last troops of Operation Barkhane left Mali on Monday. Officials said "
            "Barkhane had succeeded an earlier intervention.",
            "Barkhane",
            "EVENT",
        ),
    ],
)
def test_a_names_label_from_the_words_around_it(
    extractor: Extractor, paragraph: str, name: str, label: str
) -> None:
    found = _labels(extractor, paragraph)
    assert found.get(name) == label, found


@pytest.mark.parametrize(
    ("paragraph", "name"),
    [
        # A longer name before a head word and "of" ("Second Battle of ...").
        ("They studied the Second Battle of Kharkiv.", "Battle of Kharkiv"),
        # The title the model read "Queen" as is no person's name of its own.
        ("The Royal Navy's HMS Queen Elizabeth left Portsmouth on Sunday.", "Elizabeth"),
        # A plural after a place outside a story about sport.
        (
            "The United States Marines and British Airways staff met on Monday.",
            "United States Marines",
        ),
        # No event of a people's or a side of the world's war, nor of a known group's deed.
        ("He spoke of a new phase of the Western war against Russia.", "Western war"),
        ("Israel answered the Hamas massacre of October 7.", "Hamas massacre"),
        # No platform in an X-ray, a show or a name with the letter.
        ("She had an X-ray on X Factor night and read Malcolm X.", "X"),
        # A storm's name is a word, a missile's is not a storm.
        ("Britain sent Storm Shadow missiles to Kyiv.", "Storm Shadow missiles"),
        # An illness before a vaccine is no product.
        ("The FDA approved updated Covid-19 vaccines on Thursday.", "Covid-19"),
        # A country's company's name stays the company's.
        ("RTX, the parent of Raytheon, said RTX shares rose.", "RTX shares"),
    ],
)
def test_names_the_rules_do_not_make(extractor: Extractor, paragraph: str, name: str) -> None:
    assert name not in _labels(extractor, paragraph)


def test_a_country_and_its_team_in_one_article_are_two_entities(extractor: Extractor) -> None:
    paragraph = (
        "The typhoon bore down on Japan on Friday. Organisers said Scotland's game against "
        "Japan would decide who reaches the World Cup quarter-finals."
    )
    result = extractor.extract([(0, paragraph)])
    japan = sorted(
        (str(e["label"]), [m["start"] for m in e["mentions"]])  # type: ignore[union-attr]
        for e in result.entities
        if e["text"] == "Japan"
    )
    place, team = paragraph.index("Japan"), paragraph.rindex("Japan")
    assert japan == [("GPE", [place]), ("ORG", [team])]


def test_a_storms_short_name_is_a_mention_of_the_storm(extractor: Extractor) -> None:
    paragraph = (
        "Hurricane Maria left Puerto Rico without power. Maria struck two weeks after "
        "Hurricane Irma brushed the island."
    )
    events = {
        str(e["text"]): [str(m["text"]) for m in e["mentions"]]  # type: ignore[union-attr]
        for e in extractor.extract([(0, paragraph)]).entities
        if e["label"] == "EVENT"
    }
    assert events == {
        "Hurricane Maria": ["Hurricane Maria", "Maria"],
        "Hurricane Irma": ["Hurricane Irma"],
    }


def test_a_product_code_makes_its_family_products(extractor: Extractor) -> None:
    found = _labels(
        extractor,
        "Volvo Cars began building the Volvo EX30 in Ghent on Wednesday.",
        "Sales of the larger EX90 were held back, the company said.",
        "Group leaders met at the G7 and the G20 in Q3.",
    )
    assert found.get("EX90") == "PRODUCT", found
    assert not {"G7", "G20", "Q3"} & {name for name, label in found.items() if label == "PRODUCT"}
