"""Product names the rules know without the model: the phones, software, AI models, cars,
aircraft, weapons, spacecraft and medicines that news names most often, world-wide, as
news writes them ("sales of the Taycan", "a Falcon 9", "Wegovy"). The model rarely
proposes a bare product name, and when it does it often calls it a person or a company.

A name that is also a common word, a place, a person's usual name or its maker's name
("Apple", "Ferrari", "Claude", "Tucson", "Leaf") is left out of KNOWN_PRODUCTS, because
the set is used without context; some of those are products only with a version after
them ("Galaxy S25", "Switch 2", "Leopard 2"): VERSIONED_PRODUCTS."""

from __future__ import annotations

from worker.facts.lexicon import words

KNOWN_PRODUCTS: frozenset[str] = frozenset(
    {
        # Devices and consoles.
        *words(
            """
            iPhone iPhones iPad iPads MacBook iMac AirPods Kindle PlayStation Xbox Chromebook
            ThinkPad Walkman Roomba
            """
        ),
        "Apple Watch",
        "Vision Pro",
        "Nintendo Switch",
        "Game Boy",
        "Steam Deck",
        "Wii",
        "Wii U",
        "Nintendo DS",
        # Software, services and AI models.
        *words(
            """
            iOS macOS Android Windows Linux ChromeOS Chrome Firefox WhatsApp Gmail ChatGPT
            Copilot Gemini Grok Sora Siri Cortana Bixby Starlink Photoshop
            """
        ),
        "Microsoft Windows",
        "Microsoft Office",
        "Apple Intelligence",
        "Google Maps",
        "Google Search",
        "Apple Pay",
        "Google Pay",
        "Game Pass",
        # Cars.
        *words(
            """
            Cybertruck Prius Corolla Camry RAV4 CR-V Mustang F-150 Wrangler Taycan Macan Ioniq
            EV6 EV9 Sportage Qashqai Passat Tiguan Octavia Yaris
            """
        ),
        "Land Cruiser",
        "Range Rover",
        "Model S",
        "Model X",
        "Model Y",
        # Aircraft, ships, weapons and spacecraft.
        *words(
            """
            Dreamliner A320neo A321neo A321XLR A350 A380 777X Rafale Gripen Eurofighter Tomahawk
            HIMARS ATACMS Javelin Stinger Kinzhal Iskander Sarmat Shahed Bayraktar
            Chinook Starship Starliner Soyuz Hubble Concorde
            """
        ),
        "737 MAX",
        "Black Hawk",
        "Storm Shadow",
        "Iron Dome",
        "Falcon Heavy",
        "Super Heavy",
        "Crew Dragon",
        "New Glenn",
        "New Shepard",
        "Hubble Space Telescope",
        "James Webb Space Telescope",
        "Eurofighter Typhoon",
        # Medicines, by brand.
        *words(
            """
            Wegovy Ozempic Mounjaro Zepbound Rybelsus Saxenda Keytruda Humira Eliquis Dupixent
            Paxlovid Comirnaty Spikevax Leqembi Kisunla Aduhelm Tylenol Advil Viagra Prozac
            Xanax OxyContin Narcan Lipitor Herceptin Opdivo Revlimid Stelara Skyrizi Trikafta
            Jardiance Trulicity Biktarvy Enhertu Tagrisso Kisqali Ibrance Xarelto Botox
            """
        ),
    }
)

# Products only with a version after them ("Galaxy S25", "Pixel 9", "Switch 2"): alone,
# each is a common word, a club or a person's name too.
VERSIONED_PRODUCTS: frozenset[str] = words(
    """
    Galaxy Pixel Surface Switch Leopard Falcon Ariane Mate Atto Vega Sentinel Xperia
    Kirin Snapdragon Ryzen Radeon GeForce RTX Chandrayaan Gaganyaan Shenzhou Tianwen Chang'e
    """
)
