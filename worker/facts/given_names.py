"""Given (first) names of the people English-language international news writes about:
politicians, officials, executives, athletes and artists from every region, capitalised as
written ("Olaf", "Mohammed", "Shohei", "Jae-myung"). The rules use the list to decide that
"FIRSTNAME Surname" names a person rather than an organisation or a place, so a name stays
out whenever news often uses the same word otherwise: common English words (Will, Hope, Faith,
Joy, Rich, Art, Guy), months and days (May, June, April, August), places (Georgia, Victoria,
Chelsea, Jordan, Israel, Paris, Sydney, Austin, Lincoln, Milan, Sofia), titles (King, Prince,
Sheikh, Emir, Sultan, Shah), the first words of organisation and brand names (Morgan, Mercedes,
Hugo, Stanley, Franklin, Julius, Wagner, Eli, Rio) and Chinese surnames written first (Xi,
Li, Sun)."""

from __future__ import annotations

from worker.facts.lexicon import words

# English-speaking: Britain, Ireland, North America, Australia, New Zealand, the Caribbean.
_ENGLISH: frozenset[str] = words(
    """
    Aaron Abigail Ada Adam Adele Adrian Alan Alastair Albert Alec Alex Alexander Alexandra
    Alfred Alice Alicia Alison Alistair Allen Allison Alvin Amanda Amelia Amy Anas Andre Andrea
    Andrew Andy Angela Angelina Anita Ann Anna Anne Anthony Antony Aoife Archie Ariana Arlene
    Arnold Arthur Ashley Audrey Ava Barack Barbara Barry Beatrice Ben Benedict Benjamin Bernard
    Bernie Bertie Beth Betty Beyonce Bill Billy Blake Bobby Brad Bradley Brandon Brendan Brett
    Brian Bridget Britney Brooke Bruce Bryan Bukayo Byron Caleb Calvin Cameron Camilla Carl
    Carla Carol Caroline Carolyn Carrie Catherine Cathy Charles Charlie Cheryl Chloe Chris
    Christina Christine Christopher Chrystia Chuck Ciaran Claire Clara Clive Coco Colin
    Condoleezza Connor Conor Cory Courtney Craig Cynthia Daisy Damian Damien Dan Daniel
    Danielle Danny Darren Dave David Deb Debbie Deborah Declan Dennis Denzel Derek Desmond
    Devin Diana Diane Dick Dominic Don Donald Donna Doug Douglas Duncan Dwight Dylan Eamon Ed
    Eddie Edgar Edward Edwin Eileen Elaine Eleanor Elijah Elizabeth Ellen Ellie Elliot Elon
    Elton Elvis Emily Emma Enda Eoin Eric Erica Erin Ernest Esther Ethan Eugenie Evan Evelyn
    Felix Ferdinand Fergus Fiona Floyd Frances Francis Frank Fred Frederick Gareth Gary Gavin
    Gemma Geoff Geoffrey George Gerald Gerard Gerry Gina Glenn Gloria Gordon Grace Graeme
    Graham Greg Gregory Gretchen Gus Hakeem Hannah Harold Harriet Harrison Harry Hayley Heather
    Heidi Helen Henry Hilary Hillary Holly Howard Hugh Humza Hunter Ian Irene Isaac Isabel
    Isabella Ivanka Jacinda Jacinta Jack Jacob Jake Jamal James Jamie Jane Janet Jared Jason
    Jay Jean Jeanne Jeff Jeffrey Jennifer Jenny Jeremy Jerome Jerry Jess Jesse Jessica Jill Jim
    Jimmy Jo Joan Joanna Joe Joel John Johnny Jon Jonathan Joseph Josephine Josh Joshua Joyce
    Jude Judith Julia Julian Julie Justin Kamala Kane Kanye Karen Karl Karoline Kate Katherine
    Kathleen Kathryn Kathy Katie Katy Kay Keir Keira Keith Kelly Kemi Ken Kenneth Ketanji Kevin
    Kieran Kim Kirk Kristi Kwasi Kyle Kylie Lachlan Lando Larry Laura Lauren Lawrence Leah
    LeBron Lee Leo Leonard Leslie Letitia Lewis Liam Lily Linda Lindsay Lindsey Lisa Liz Lloyd
    Lou Louis Louise Lucy Luke Maggie Malcolm Manny Marcus Margaret Margot Maria Marie Marilyn
    Marion Mark Martha Martin Mary Matt Matthew Maura Maurice Max Megan Meghan Mel Melania
    Melanie Melinda Melissa Merrick Mervyn Meryl Mia Michael Micheal Michelle Mike Mitch
    Mitchell Mitt Molly Monica Morris Moses Nadhim Nadine Nancy Naomi Natalie Nathan Neal Neil
    Nelson Niall Niamh Nicholas Nick Nicola Nicole Nigel Nikki Nina Noah Nora Oliver Olivia
    Oprah Owen Paddy Pam Pamela Paschal Pat Patricia Patrick Paul Paula Pauline Pete Peter Phil
    Philip Priti Rachel Raheem Ralph Raphael Rashida Ray Raymond Rebecca Rhys Richard Rick
    Rihanna Riley Rita Robert Robin Roger Ron Ronald Ronan Rory Rosa Rose Rupert Ruth Ryan
    Sadiq Sajid Sally Sam Samantha Samuel Sandra Saoirse Sara Sarah Scott Sean Serena Seth
    Shabana Shane Sharon Shawn Sheila Simon Simone Sinead Siobhan Sonia Sophia Sophie Stacey
    Stephanie Stephen Steve Steven Stuart Suella Susan Susie Suzanne Sylvia Tanya Tara Taylor
    Ted Teresa Terry Theo Theresa Thom Thomas Tim Timothy Tina Todd Tom Tommy Tony Tracy Travis
    Trevor Tucker Ursula Usain Valerie Vanessa Vaughan Vera Veronica Victor Vincent Vivian
    Walter Warren Wayne Wendy Wes Wesley William Winnie Winston Yvette Yvonne Zachary Zack
    Zarah Zoe
    """
)


# French, Spanish, Portuguese, Italian, Romanian and Latin American, with common accents.
_ROMANCE: frozenset[str] = words(
    """
    Afonso Aitana Alain Alberto Alejandro Alessandra Alessandro Alexandre Alfonso Alvaro Amelie
    Ana Andres Andrés Angelo Antoine Antonio Armand Arnaud Aurelien Axel Ayrton Baptiste
    Beatriz Benoit Bernardo Bruno Calin Camila Carles Carlo Carlos Carmen Catalin Catarina
    Cayetana Celine Celso Chantal Chiara Christophe Claudia Claudio Clement Corina Cristiano
    Cristina Dacian Daniela Daniele Dario Davi Davide Delcy Delphine Denis Didier Diego Dilma
    Dina Diogo Diosdado Domenico Dominique Donatella Edouard Eduardo Elena Elisabetta Elly Emil
    Emilio Emmanuel Emmanuelle Enrico Enrique Enzo Ernesto Esteban Evo Fabien Fabio Fabrizio
    Federica Federico Felipe Fernando Fidel Filippo Flavio Florentino Florian Florin Francesca
    Francesco Francisco Franck Franco Francois François Francoise Françoise Frederic Frédéric
    Gabriel Gabriela Gennaro Geraldo Gerardo Gheorghe Giancarlo Gianluca Gianluigi Gianni
    Gilberto Gilles Giorgia Giorgio Giovanni Gisele Giulia Giulio Giuseppe Goncalo Gonzalo
    Guido Guilherme Guillaume Guillermo Gustavo Helene Hélène Henri Henrique Herve Ignacio
    Ignazio Iker Ilie Inigo Ion Isabelle Jacques Jair Javier Jean-Baptiste Jean-Claude
    Jean-Francois Jean-Louis Jean-Luc Jean-Marc Jean-Marie Jean-Michel Jean-Noel Jean-Paul
    Jean-Pierre Jean-Yves Jeremie Jérôme Joao João Joaquim Joaquin Joaquín Jordi Jorge Jose
    José Josep Juan Jules Julien Julio Karina Kylian Lamine Laurent Leonardo Leonor Letizia
    Lionel Liviu Lorenzo Luca Lucas Lucia Luciano Luigi Luis Luís Luiz Lula Maia Manuel Marc
    Marcel Marcelo Marco Mariano Mario Marta Martine Massimiliano Massimo Mathieu Matteo
    Matthieu Mauricio Maurizio Mauro Maxime Michel Michele Miguel Mihai Mikel Moise N'Golo
    Nathalie Nayib Nestor Neymar Nicolas Nicolo Nicusor Nuno Olivier Ousmane Pablo Paola Paolo
    Pascal Patrice Paulo Pedro Pep Philippe Pierre Pietro Pilar Rachida Radu Rafa Rafael
    Raffaele Ramon Raphaël Raul Raúl Ricardo Riccardo Roberto Rodrigo Rodrygo Romain Romano
    Ronaldinho Ronaldo Ruben Rui Sabine Salvatore Sandrine Sandro Sebastian Sebastien Sébastien
    Segolene Ségolène Serge Sergio Silvio Simona Stefano Stephane Stéphane Sylvie Tarcisio
    Thiago Thibaut Thierry Tiago Traian Umberto Unai Valentina Valentino Vasile Vicente
    Vincenzo Vinicius Viorica Vitor Vittorio Xavi Xavier Xiomara Xochitl Yamandu Yann Yannick
    Yolanda Yves Zinedine
    """
)


# German, Austrian, Swiss, Dutch, Flemish, Scandinavian, Finnish and Icelandic.
_GERMANIC_NORDIC: frozenset[str] = words(
    """
    Anders Andreas Annalena Annika Antti Arjen Armin Arne Astrid Bart Bas Bastian Beate Bernd
    Birgitte Bjarni Bjorn Björn Christoph Dieter Dirk Ebba Elina Elisabeth Erik Erling Erna
    Frank-Walter Frans Franz Frederik Fredrik Frenkie Friedrich Geert Gerd Gerhard Greta Gro
    Gudni Gunnar Gustaf Haakon Hakan Håkan Halla Hans Harald Heinrich Heinz-Christian Helle
    Helmut Hendrik Henrik Horst Hubert Ingrid Ingvar Jakob Jannik Jens Jeroen Jesper Joachim
    Johan Johann Johannes Jonas Joost Jörg Jorgen Josef Juha Jurgen Jürgen Jussi Kai Karin
    Karl-Heinz Kasper Katrin Kees Kimi Kjell Klaus Koen Kristian Kristoffer Kristrun Kurt Lars
    Lukas Maarten Mads Magdalena Magnus Manfred Margrethe Marius Markus Matthias Matthijs Matti
    Maximilian Mette Mette-Marit Mika Morten Nico Niels Niklas Nils Norbert Olaf Olafur Ole
    Olof Pekka Pernille Petteri Philipp Pieter Ralf Rasmus Remco Ricarda Romelu Rudi Rudolf
    Ruud Sahra Sanna Saskia Sauli Sepp Sigmar Sigrid Simonetta Soren Søren Stefan Steffen
    Susanne Sven Tarja Therese Thorsten Timo Tobias Toni Ueli Ulf Ulrich Urs Uwe Valtteri
    Virgil Volker Werner Wilhelm Willem Willem-Alexander Wolfgang Wopke Wout Xherdan Zlatan
    """
)


# Russian, Ukrainian, Polish, Czech, Hungarian, Balkan, Baltic and Caucasian.
_SLAVIC_BALTIC: frozenset[str] = words(
    """
    Agnieszka Alar Albin Aleksandar Aleksandr Aleksandra Aleksei Alexandr Alexei Alexey Alina
    Anastasia Anatoly Andras Andrei Andrej Andrey Andrii Andriy Andrzej Anton Artem Artur Aryna
    Attila Bakir Balazs Beata Bidzina Boris Boyko Daniil Daria Darya Denys Dimitar Dmitri
    Dmitry Dmytro Dominik Dragan Dusan Edgars Edin Ekaterina Elvira Evgeny Evika Ewa Ferenc
    Gabrielius Galina Gennady Gergely Giorgi Gitanas Goran Granit Grigor Grigory Gyorgy György
    Hashim Iga Igor Ihor Ilya Ingrida Irakli Irina Iryna Istvan István Ivan Ivana Jakub Janos
    János Jaroslaw Jelena Josip Kaja Karol Katalin Katarzyna Kateryna Khvicha Kirill Kolinda
    Konstantin Kristalina Krzysztof Ksenia Kyrylo Laszlo László Leonid Levan Liudmyla Luka
    Lukasz Lyudmila Maksim Maksym Malgorzata Marcin Marek Marko Martina Mateusz Maxim Michal
    Mikhail Mikheil Milorad Milos Mindaugas Mykhailo Mykola Natalia Natalya Nikita Nikol Nikola
    Nikolai Nikolay Novak Oksana Oleg Oleh Oleksandr Oleksii Oleksiy Olena Olga Olha Pavel
    Pavlo Paweł Pawel Petr Petra Petro Piotr Pyotr Radoslaw Radovan Rafal Ramush Ratko Rosen
    Rumen Ruslan Rustem Salome Sergei Sergey Serhii Serhiy Serzh Slobodan Stanislav Svetlana
    Sviatlana Svitlana Szymon Tamas Taras Tatiana Tatyana Tigran Tomas Tomáš Tomasz Tomislav
    Toomas Łukasz Vaclav Vadim Vadym Valeriy Vasyl Viktor Vitali Vitaliy Vitaly Vjosa Vladimir
    Vladislav Vladyslav Volodymyr Vyacheslav Vytautas Wladimir Wojciech Yaroslav Yelena Yevgeny
    Yevhen Yulia Yuliia Yuri Yuriy Yury Zbigniew Zoltan Zoran Zuzana
    """
)


# Greek and Cypriot; Israeli and Hebrew.
_GREEK_HEBREW: frozenset[str] = words(
    """
    Aharon Alexis Amichai Amir Amit Amos Antonis Avi Avigdor Avraham Ayelet Benny Bezalel
    Binyamin Christos Demetris Dimitris Dov Ehud Eitan Eleni Evangelos Eyal Gadi Georgios
    Giannis Gideon Gilad Giorgos Golda Haim Herzi Ioannis Itamar Katerina Konstantinos Kostas
    Kyriakos Menachem Merav Miri Moshe Naftali Nicos Nikolaos Nikos Noa Noam Panagiotis Pavlos
    Reuven Ronen Shai Shimon Shira Shlomo Sotiris Spyros Stavros Stefanos Stelios Thanasis
    Tzachi Tzipi Udi Uri Vangelis Yaakov Yael Yair Yanis Yannis Yariv Yehuda Yitzhak Yoav
    Yonatan Yosef Yossi Yuval Zvi
    """
)


# Arabic in its usual English spellings, Persian, Afghan, Turkish, Central Asian.
_ARABIC_PERSIAN_TURKISH: frozenset[str] = words(
    """
    Abbas Abdalla Abdallah Abdel Abdelaziz Abdelfattah Abdelmadjid Abdi Abdirahman Abdul
    Abdul-Malik Abdulaziz Abdullah Abdullahi Abdulrahman Achraf Adel Adil Adnan Ahmad Ahmed
    Ahmet Akbar Akram Alaa Ali Alisher Amin Amina Amine Amr Amrullah Anwar Arif Asaad Asad
    Ashraf Asma Ayman Ayşe Aziz Bashar Bashir Bassam Bilal Binali Boutros Bülent Burak Cem
    Deniz Devlet Ebrahim Ekrem Elif Emine Emomali Emre Esmail Essam Fahad Fahd Faisal Farouk
    Fatih Fatima Fatma Fuad Gamal Ghassan Hadi Hafez Haider Haitham Hakim Hamad Hamdan Hamid
    Hamza Hanan Hani Hasan Hashem Hassan Hesham Heydar Hibatullah Hikmet Hisham Hosni Hossein
    Hussein Ibrahim Ilham Ilhan Ilkay Iman Ismael Ismail Issa Jalal Jamil Javad Kais Kamal
    Kamel Kamil Karim Kassym-Jomart Kemal Khaled Khalid Khalil Khamzat Layla Leila Maher
    Mahmoud Mahmud Mahsa Majid Mansour Marwan Maryam Masoud Masrour Massoud Mazloum Mehdi
    Mehmet Meral Mesut Mevlut Mohamad Mohamed Mohammad Mohammed Mohsen Mojtaba Moqtada Mostafa
    Moussa Muammar Muhammad Muhammed Muqtada Murat Musa Mustafa Nabih Nabil Nadia Naguib Naim
    Najib Narges Nasser Nawaf Nawal Nazanin Nechirvan Noor Nouri Omar Omid Orhan Osama Osman
    Ozgur Özgür Qasem Qassem Rached Rami Ramzan Rania Rashad Rashid Recep Reza Riad Saad Saddam
    Sadyr Saeed Saif Saleh Salim Salma Salman Sameh Sami Samir Samira Saud Selahattin Selim
    Serdar Shavkat Sherif Shirin Sirajuddin Suleiman Suleyman Tahnoun Tamim Tarek Tariq Tayyip
    Timur Turki Ugur Uğur Usman Wael Walid Yahya Yasin Yasir Yasmin Yasmine Yasser Yassine
    Yousef Youssef Yunus Yusuf Zabihullah Zahra Zainab Ziad
    """
)


# Indian, Pakistani, Bangladeshi, Sri Lankan and Nepali.
_SOUTH_ASIAN: frozenset[str] = words(
    """
    Aamir Abhishek Ajay Ajit Akhilesh Akshay Alok Amitabh Anand Anil Anura Anurag Arjun Arvind
    Ashwini Asif Asim Ayub Azim Babar Benazir Bilawal Cheteshwar Deepak Deepika Devendra Dinesh
    Divya Fakhar Gautam Gita Gotabaya Gukesh Hardeep Hardik Harini Hasina Imran Indira Indra
    Ishaq Jagmeet Jasprit Jawaharlal Kapil Kash Keshav Khaleda Kiran Kishore Kuldeep Lakshmi
    Mahendra Mahinda Malala Mamata Manmohan Manoj Mehbooba Mohandas Mohsin Mukesh Nandan
    Narendra Naseem Nawaz Neel Neeraj Nikhil Nirmala Nitin Nitish Pankaj Parag Pervez Piyush
    Pradeep Prakash Pravin Priya Priyanka Raghuram Rahul Rajendra Rajiv Rajnath Rakesh Ramesh
    Ranil Ratan Ravi Ravindra Rishabh Rishi Rohit Sachin Sajith Sanjay Sanjiv Sarfraz Satya
    Shaheen Shahid Shakib Shantanu Shashi Shehbaz Shoaib Shubman Smriti Sourav Subrahmanyam
    Sundar Sunil Sunita Suresh Sushila Sushma Swati Tarique Tulsi Uday Uddhav Usha Vijay Vikram
    Vinod Virat Vivek Wasim Yashasvi Yuvraj Zia Zulfikar
    """
)


# Japanese, Korean (hyphenated, as news writes them), Westernised Chinese, Southeast Asian.
_EAST_SOUTHEAST_ASIAN: frozenset[str] = words(
    """
    Abhisit Agus Aiko Airlangga Akihito Akio Akira Anies Anutin Aung Ayao Bambang Benigno
    Bhumibol Bongbong Budi Dae-jung Daisuke Duck-soo Erick Fumio Ganjar Geun-hye Gibran Halimah
    Haruhiko Haruki Hayao Heung-min Hideki Hirokazu Hiroshi Ichiro Il-sung Imelda Jae-in
    Jae-myung Jae-yong Jensen Joko Jong-il Jong-un Junichiro Jusuf Kang-in Kaori Kaoru
    Katsunobu Kazuo Kei Keiko Keisuke Kenji Ki-moon Koji Kyaw Leni Luhut Mahathir Mahfud Makoto
    Masako Masayoshi Megawati Min-jae Moo-hyun Muhyiddin Myung-bak Naoto Naoya Naruhito
    Paetongtarn Pita Prabowo Prawit Prayut Prayuth Puan Retno Roki Sanae Sandiaga Satoshi
    Shigeru Shinjiro Shinzo Shohei Shota Shunichi Sirikit Soe Srettha Suk-yeol Susilo Syngman
    Tadashi Takashi Takefusa Takehiro Takeshi Taro Thaksin Thanathorn Tharman Thein
    Vajiralongkorn Wataru Xanana Yasuhiro Yingluck Yo-jong Yoko Yoshihide Yoshihiko Yoshimasa
    Yoshinobu Yuki Yukio Yuriko Yuzuru
    """
)


# Sub-Saharan African: Nigerian, Ghanaian, Kenyan, Ethiopian, South African and more.
_AFRICAN: frozenset[str] = words(
    """
    Abdourahamane Abebe Abena Abiy Adama Adebayo Ademola Aissatou Akinwumi Akua Alassane Aliko
    Ama Amadou Aminata Andry Anyang Assimi Atiku Ayodeji Babajide Bassirou Blaise Bobi Bola
    Bongani Boubacar Brice Caster Cheikh Chidi Chika Chimamanda Chinua Chioma Constantino Cyril
    Dapo Dawit Dele Dikembe Duduzile Eliud Emeka Emmerson Enoch Evariste Fatou Faure Femi
    Fikile Filipe Folorunsho Goodluck Gwede Hage Haile Hailemariam Hakainde Ibrahima Idrissa
    Ifeanyi Isaias Ismaila Jakaya Jomo Kagiso Kalidou Kalonzo Kashim Kenenisa Kgalema Kofi Kojo
    Kwabena Kwadwo Kwaku Kwame Kwesi Lazarus Lerato Lesetja Leymah Lindiwe Lupita Macky
    Mahamadou Mahamat Mahamudu Mamadi Mamadou Mandla Mariama Meles Mmusi Mokgweetsi Mpho Mthuli
    Muhammadu Muhoozi Musalia Mwai Naby Naledi Nana Nasir Netumbo Ngozi Ngugi Njeri Nkosazana
    Nnamdi Olusegun Oumar Pape Raila Riek Rigathi Roch Sadio Sahle-Work Salva Samia Samora Sani
    Seretse Seyi Sibusiso Sipho Siya Tedros Temba Tendai Teodoro Tewodros Thabo Thandiwe Themba
    Tinashe Tirunesh Tito Tshepo Tunde Tundu Uche Uhuru Umaro Venancio Wambui Wangari Wanjiku
    Wole Yaa Yakubu Yaw Yaya Yemi Youssou Yoweri Zanele Zola
    """
)

# More of each region's common given names, beyond the most-named people: the people a
# story names once (a witness, a player, a researcher) are as often these.
_MORE: frozenset[str] = words(
    """
    Abdou Abdoulaye Abdulrazak Abedi Abubakar Achille Aditya Adolfo Adriana Adrien Agnès
    Agustín Aidan Aisha Akosua Alejandra Alessia Alfredo Aliou Almaz Amandine Amartya
    Amira Amparo Amélie Anaïs André Ange Angelika Angélique Anh Anja Anjali Anne-Marie
    Annegret Annie Arantxa Armando Armen Arsene Arsène Arturo Arun Arundhati Arvydas
    Asha Aslan Augusto Aurélie Aurélien Ayaan Babatunde Barbora Barham Begoña Benedikt
    Benito Benoît Beppe Bertrand Bianca Birgit Blanca Bob Bram Brenda Brigid Brigitte
    Bukola Callum Camille Canan Carsten Catalina Cecile Cesar Chaim Chan-wook Chandrika
    Chinedu Ching-te Chinh Chiwetel Christiane Chukwuemeka Ciara Cixin Clémence Colm
    Consuelo Coralie Corazon Corinne Cormac Costas Cristian Curtis Cécile Cédric Céline
    César Dagmar Dalia Dante Dara Demis Derartu Dermot Dietmar Dinara Dolores Doron
    Droupadi Dua Duarte Dzhokhar Eamonn Edi Edith Edoardo Edson Einav Elisa Elke
    Emiliano Enver Erich Espen Esperanza Estelle Eugenia Fabiano Fabrice Farhad Farid
    Fei-Fei Fela Femke Fernanda Florent Folake Fouad Franziska Funmilayo Gabor Gabriele
    Gaël Genzebe Getachew Giacomo Gigi Giovanna Gonçalo Graça Gregor Grzegorz Gudaf
    Gulbuddin Gurbanguly Guus Gérald Gérard Günter Hamish Hannelore Hansi Harvey
    Hassanal Heike Helga Henk Hermann Hersh Hervé Hikaru Hristo Huateng Huda Huning Huw
    Iain Idan Idris Idriss Ikechukwu Ilan Ilaria Ilir Imee Ines Ing-wen Ingmar Inés
    Ioana Ivica Iñaki Jacqueline Jaime Jamila Janez Jari Jarosław Jasper Jean-François
    Jerzy Jesús Jeyhun Jhumpa Jiabao Jianlin Jiechi Jinping Jintao Joana Johanna Joon-ho
    Joschka Juanma Judit Jukka Juliette Karan Karel Kari Karolina Karsten Katharina
    Katja Kaveh Kayode Kelechi Kenan Keqiang Kersti Khabib Khadija Khurelsukh Kiril
    Kizza Kjetil Klaas Knut Koichi Konrad Krisjanis Kristaps Kumar Laetitia Leif Lennart
    Leopoldo Letesenbet Liat Lieke Lina Linh Lior Liv Lorena Lothar Luc Lucie Lucía
    Ludovic Ludvig Luisa Luol Léopold Maha Mairead Manet Manon Manuela Marcela Marcell
    Marcello Marisol Marit Marlene María Mateo Mathilde Mehriban Meir Melina Mengistu
    Meseret Michał Michela Mick Mikael Mikis Mikko Mircea Mireille Modou Mona Monika
    Monique Moïse Muttiah Nasrin Natan Natasa Neda Nemanja Niccolò Nicolae Nicolás Nika
    Ninoy Nour Nuria Nurlan Nurul Obinna Octavio Oluwaseun Omri Ondrej Orit Orla Paco
    Patrik Pepe Petros Petter Phuc Piet Pranab Pravind Primoz Pushpa Qinwen Qishan
    Quentin Quinton Rachid Radosław Rafał Rainer Ramin Ramón Raquel Reinhard Renate
    Renato Renaud Rene Renzo René Richie Ricky Riikka Rocco Rocío Roddy Rolf Rosmah
    Rotimi Roy Rubén Rustam Ryuichi Salah Sali Salif Saulius Seamus Segun Selemon Seun
    Seydou Shamil Shaul Shaun Sifan Silvia Sinan Sisay Sofiane Sohrab Sokratis Solveig
    Souleymane Stefania Steffi Stella Stewart Susana Sylvain Süleyman Tadej Tadeusz
    Taiwo Tamar Tansu Teemu Tesfaye Tess Thant Thuong Tigist Timothée Tiwa Toby Tommaso
    Tomás Troels Trygve Turgut Udo Uli Ulrike Umaru Valdis Valeria Valery Valérie Vasily
    Veronika Vesna Ville Vinícius Václav Warsan Weiwei Wim Wladyslaw Wouter Xiaobo
    Xiaoping Ximena Xóchitl Yiannis Yigal Yiming Yimou Ying-jeou Yorgos Yoshua Yuli
    Zahid Zakir Zemin Zeynep Zhanna Zhengfei Ziyi Zlatko Zurab Álvaro Édouard Élisabeth
    Élodie Étienne
    """
)


GIVEN_NAMES: frozenset[str] = (
    _ENGLISH
    | _ROMANCE
    | _GERMANIC_NORDIC
    | _SLAVIC_BALTIC
    | _GREEK_HEBREW
    | _ARABIC_PERSIAN_TURKISH
    | _SOUTH_ASIAN
    | _EAST_SOUTHEAST_ASIAN
    | _AFRICAN
    | _MORE
)
