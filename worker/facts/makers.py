"""The makers of aircraft, cars, weapons, devices and AI models, whose name joins their
model's ("Boeing 757", "Lockheed Martin F-35A") and is no product's on its own."""

from __future__ import annotations

from worker.facts.lexicon import words

# Makers whose name joins their model's ("Boeing 757", "Lockheed Martin F-35A"): the
# makers of aircraft, cars, weapons, devices and AI models. An airline or a buyer before
# a code is an owner, not part of the name ("a Qantas A380").
MAKERS = words(
    """
    Airbus Boeing Embraer Bombardier Comac Cessna Gulfstream Dassault Saab Sukhoi MiG
    Tupolev Ilyushin Antonov Mitsubishi Kawasaki Lockheed Northrop Raytheon Leonardo
    Sikorsky Bell Textron Rheinmetall Hanwha Hyundai Kia Toyota Lexus Honda Nissan Mazda
    Subaru Suzuki Ford Chevrolet Chevy GMC Cadillac Jeep Dodge Chrysler Tesla Rivian
    Lucid BMW Audi Mercedes Mercedes-Benz Porsche Volkswagen VW Skoda SEAT Cupra Renault
    Peugeot Citroen Fiat Volvo Polestar Jaguar Ferrari Lamborghini Maserati McLaren
    Bentley BYD Geely Nio NIO Xpeng XPeng Zeekr Xiaomi Huawei Apple Samsung Google Sony
    Nintendo Microsoft Nokia Motorola OnePlus Oppo Vivo Honor Lenovo Dell HP Asus Acer
    Nvidia AMD Intel Qualcomm Arm OpenAI Anthropic Meta Alibaba DeepSeek Mistral DJI
    Canon Nikon Fujifilm Panasonic LG Dyson SpaceX Rolls-Royce Siemens Alstom
    """
) | {"Lockheed Martin", "Northrop Grumman", "General Dynamics", "Land Rover", "Aston Martin"}
