"""First names common in the UK, written for reflect (not copied from any list). Left out on
purpose: names that are also everyday words or places (May, June, Will, Mark, Grace, Hope,
Faith, Joy, Rose, Amber, Holly, Dawn, Frank, Bill, Miles, Chelsea, Paris, India, Florence,
Lincoln), since a capitalised word at the start of a sentence would be taken for a name."""

from __future__ import annotations

_GIRLS_AND_WOMEN = (
    "Aaliyah Abigail Ada Aisha Alexandra Alice Alicia Alisha Alison Amanda Amelia Amina Amy "
    "Andrea Angela Anita Ann Anna Anne Annie Aria Ava Ayesha Barbara Beatrice Bella Beth "
    "Bethany Brenda Bridget Brooke Caitlin Carly Caroline Catherine Charlotte Chantelle "
    "Chloe Christine Claire Clara Courtney Danielle Debbie Deborah Demi Denise Diane Donna "
    "Eleanor Elena Eliza Elizabeth Ella Ellie Eloise Elsie Emily Emma Erin Esme Eva Evelyn "
    "Evie Fatima Fiona Francesca Freya Gemma Georgina Gillian Hannah Harriet Hayley Heidi "
    "Helen Imogen Isabel Isabella Isabelle Isla Jacqueline Jane Janet Janice Jasmine Jayne "
    "Jennifer Jenny Jessica Joanne Jodie Josephine Julie Karen Kate Katie Kayleigh Kelly "
    "Kerry Kirsty Laura Lauren Layla Leah Leanne Lesley Lily Linda Lisa Lola Lorraine Louise "
    "Lucy Lydia Maisie Margaret Maria Marie Martha Maryam Matilda Megan Melissa Mia Michelle "
    "Millie Mollie Molly Naomi Natalie Natasha Nicola Nikki Niamh Nora Olivia Paige Pamela "
    "Patricia Paula Phoebe Poppy Priya Rachel Rebecca Rhiannon Rihanna Rosie Ruth Samantha "
    "Sandra Sarah Scarlett Shannon Sharon Shauna Sheila Sienna Siobhan Sofia Sophia Sophie "
    "Stacey Stephanie Susan Tanya Tara Tegan Tracey Tracy Valerie Vanessa Victoria Wendy "
    "Yasmin Zara Zoe Zainab Aleksandra Agnieszka Oksana Ioana Anya Kezia "
    "Chidinma Ngozi Adaeze Shanice Tia Keira Kayla Skylar Harper Willow Ivie Orla Aoife "
    "Roisin Saoirse Mairead Bronwen Cerys Ffion Seren Nia Eilidh Ailsa Kirsteen Morag"
)
_BOYS_AND_MEN = (
    "Aaron Adam Adrian Ahmed Aidan Alan Albert Alex Alexander Alfie Ali Andrew Andy Anthony "
    "Archie Arthur Ashley Barry Ben Benjamin Billy Bradley Brandon Brian Callum Cameron Carl "
    "Charles Charlie Chris Christopher Colin Connor Craig Daniel Danny Darren David Dean "
    "Declan Dennis Derek Dominic Dylan Edward Elliot Elliott Ethan Finley Finn Freddie "
    "Gareth Gary George Graham Harrison Harry Harvey Hassan Henry Hugo Ian Ibrahim Isaac "
    "Jack Jacob Jake James Jamie Jason Jayden Jaxon Jenson Jeremy Joe Joel John Jonathan "
    "Jordan Joseph Joshua Kai Karl Kayden Keith Kevin Kieran Kyle Lee Leo Leon Lewis Liam "
    "Logan Louis Luca Lucas Luke Mason Matthew Michael Mohammed Muhammad Nathan Neil Nicholas "
    "Noah Oliver Oscar Owen Patrick Paul Peter Philip Reece Reggie Richard Riley Robert "
    "Ronnie Ryan Sam Samuel Scott Sean Sebastian Shane Simon Stephen Steven Stuart Teddy "
    "Terry Theo Thomas Toby Tommy Tony Tyler Tyrone Wayne William Zachary Zack Zain Omar "
    "Yusuf Tariq Imran Bilal Kwame Kofi Chinedu Emeka Tomasz Piotr Jakub Mateusz Andrei "
    "Bogdan Darius Rhys Dafydd Gethin Iwan Hamish Ewan Fraser Calum Ruairidh Cian Oisin "
    "Padraig Lennon Kian Jaden Brody Caleb Ezra Rory Tobias Kacper Ayaan Arjun Rohan Dev"
)
# More names heard in UK schools and services, from the families of many countries.
_MORE = (
    "Abdul Abdullah Adnan Afia Aiden Akash Alina Amara Amelie Anais Ania Anton Arlo Asha Aston "
    "Aurora Ayla Aylin Bartosz Beau Bianca Bobbie Bobby Bradlee Brogan Caden Carmen "
    "Cassie Cerys Chanel Clodagh Corey Cruz Dalia Damian Dawid Deacon Delilah "
    "Dewi Diego Dominika Eden Efa Eilish Elif Elis Elise Elodie Emir Enzo Esther Ewa Fabian "
    "Farah Fern Filip Frankie Gabriel Gabriela Gracie Gwen Habib Hafsa Halima Hamza Hana Hanna "
    "Harley Hassan Hollie Idris Ifeoma Ilyas Inaya Iqra Isaiah Ismail Ivan Jacek Jamal "
    "Jana Jessica Joanna Jonah Josiah Julia Julian Jude Kacie Kaden Kamil Karina "
    "Karolina Kasia Kayden Keegan Kenzie Kiera Kinga Lacey Laila Lana Layton "
    "Leila Lena Lenny Lexie Liliana Lorcan Lottie Lukas Macie Maddison Madison Mahnoor Maja "
    "Malachi Mali Marcel Marcus Marta Marwa Mateo Maya Mehmet Michal Mikolaj Milan "
    "Milena Mila Mira Miriam Mustafa Nadia Nadine Natalia Nathaniel Nell Nikola Nina Oakley "
    "Ola Olamide Oleksandr Olga Osian Patryk Pawel Quinn Rafael Rayan Reuben Rhea Rio Rocco "
    "Ronan Rosa Rowan Ruby Rumaisa Safa Safiya Sahil Salma Sana Sara Sasha Shay Sian Simran "
    "Sonny Stanley Stefan Summer-Rose Sumaya Szymon Tayla Taylor Tegan Tiana Tiegan Tobiasz "
    "Umar Usman Valentina Victor Wiktoria Wojciech Xavier Yahya Yasmin Yousef Zac Zayn "
    "Zofia Zuzanna Maureen Doreen Joyce Pauline Beverley Carole Jean Irene Kathleen "
    "Mavis Shirley Sylvia Norman Roy Trevor Gordon Malcolm Clive Derek Kenneth Raymond Stanley"
)
# Short forms people go by in speech and in notes.
_SHORT_FORMS = (
    "Abi Becky Bex Cath Kath Kathy Katy Jess Jessie Jo Jen Jenni Lizzie Liz Lou Mandy Nat Nicky "
    "Tash Vicky Vikki Kim Sue Steph Gina Bea Evie Ellie Millie Tilly Izzy Lexi Maddie Abbie "
    "Dan Dave Matt Mike Mick Steve Tom Jim Jimmy Josh Nick Pete Phil Stu Eddie Fred "
    "Alfie Jonny Johnny Joey Kev Les Lenny Mo Ollie Alf Archie Ted Zak Jay"
)
# The second halves of double first names ("Kacey-Leigh", "Ruby-Mae"): a capitalised word
# joined to one of these by a hyphen is a first name, whatever its first half.
DOUBLE_NAME_ENDINGS = frozenset(
    ("Leigh", "Mae", "May", "Rose", "Jo", "Louise", "Anne", "Ann", "Marie", "Jay", "Lee", "Jane")
)
FIRST_NAMES = (
    frozenset(_GIRLS_AND_WOMEN.split())
    | frozenset(_BOYS_AND_MEN.split())
    | frozenset(_SHORT_FORMS.split())
    | frozenset(_MORE.split())
)
