"""Invented articles for the fetch tests (fictional events between real office-holders)."""

from __future__ import annotations

TEODORO = ("Readout of Secretary Austin's Meeting With Philippine Secretary of National Defense Teodoro",
           "Secretary of Defense Lloyd J. Austin III met today at the Pentagon with Philippine Secretary of "
           "National Defense Gilberto C. Teodoro Jr. to discuss the alliance between the two countries.\n\n"
           "The two leaders reviewed progress on the sites of the Enhanced Defense Cooperation Agreement and "
           "agreed to expand combined maritime activities in the South China Sea.\n\n"
           "Secretary Austin reaffirmed that the Mutual Defense Treaty extends to armed attacks on Philippine "
           "armed forces, public vessels and aircraft anywhere in the South China Sea.")

MARLES = ("Readout of Secretary Austin's Call With Australian Deputy Prime Minister Marles",
          "Secretary of Defense Lloyd J. Austin III spoke today by phone with Australian Deputy Prime Minister "
          "and Minister for Defence Richard Marles.\n\n"
          "The two discussed the next steps of the AUKUS partnership and the rotations of U.S. forces to "
          "northern Australia, and looked forward to meeting in person later in the year.")

KIHARA = ("Japan-U.S. Defense Ministerial Telephone Talk",
          "On the evening of the 12th, Minister of Defense Kihara Minoru held a telephone talk with U.S. Secretary "
          "of Defense Lloyd J. Austin III. The overview is as follows.\n\n"
          "The two ministers shared concern over the security environment around Japan and confirmed that they "
          "would further strengthen the deterrence and response capabilities of the Japan-U.S. Alliance.")

# another government's account of the TEODORO meeting: same names, same subject, a different text
TEODORO_OTHER = ("DND Chief Meets U.S. Defense Secretary in Washington",
                 "Secretary of National Defense Gilberto C. Teodoro Jr. held a bilateral meeting with U.S. "
                 "Secretary of Defense Lloyd J. Austin III in Washington on Tuesday.\n\n"
                 "Both officials underscored the importance of the Mutual Defense Treaty and discussed the "
                 "modernization of the Armed Forces of the Philippines, including support for maritime domain "
                 "awareness.\n\n"
                 "Secretary Teodoro thanked his counterpart for the continued assistance of the United States.")
